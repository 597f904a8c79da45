/*
 * srtp_anchor: the libsrtp2 side of bench/srtp-vs-libsrtp.sh. Measures packets/s on the calling thread (run it
 * under taskset -c 0) exactly as SrtpQuickBench does: protect in place on one buffer with increasing SEQ;
 * unprotect copies from a ring of pre-protected packets (SEQ 0, 1, ...) with a fresh receiver session per lap.
 * Same master key and salt as the C# side (key bytes 1..n, salt bytes 0xA0..).
 *
 *   srtp_anchor pps <seconds> [wall|cpu]      prints: pps <profile> <bytes> <op> <pps>
 *                                             (cpu: the thread's CPU time, steadier on a shared machine)
 *   srtp_anchor verify <profile> <hex>        unprotects one 1,200-byte RTP packet protected by VideoVisit
 *   srtp_anchor verify-rtcp <profile> <hex>   unprotects one 48-byte RTCP packet protected by VideoVisit
 *                                             both print: interop <profile> rtp|rtcp ok|fail
 *
 * Build: gcc -O2 -o srtp_anchor srtp_anchor.c $(pkg-config --cflags --libs libsrtp2)
 */
#include <srtp2/srtp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define RING 16384
#define SSRC 0x0BADCAFEu

typedef struct {
    const char *name;
    int gcm;
    int key_len;
    int salt_len;
} profile_t;

static const profile_t profiles[] = {
    {"AES_CM_128_HMAC_SHA1_80", 0, 16, 14},
    {"AEAD_AES_128_GCM", 1, 16, 12},
    {"AEAD_AES_256_GCM", 2, 32, 12}, /* interop check only */
};

static clockid_t clock_id = CLOCK_MONOTONIC;

static double now(void)
{
    struct timespec ts;
    clock_gettime(clock_id, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static srtp_t make_session(const profile_t *p, int inbound)
{
    static unsigned char key[64];
    srtp_policy_t policy;
    srtp_t session;
    int i;
    for (i = 0; i < p->key_len; i++)
        key[i] = (unsigned char)(i + 1);
    for (i = 0; i < p->salt_len; i++)
        key[p->key_len + i] = (unsigned char)(0xA0 + i);
    memset(&policy, 0, sizeof policy);
    if (p->gcm == 2) {
        srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy.rtp);
        srtp_crypto_policy_set_aes_gcm_256_16_auth(&policy.rtcp);
    } else if (p->gcm) {
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtp);
        srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.rtcp);
    } else {
        srtp_crypto_policy_set_rtp_default(&policy.rtp);
        srtp_crypto_policy_set_rtcp_default(&policy.rtcp);
    }
    policy.ssrc.type = inbound ? ssrc_any_inbound : ssrc_specific;
    policy.ssrc.value = SSRC;
    policy.key = key;
    policy.window_size = 64;
    policy.allow_repeat_tx = 0;
    policy.next = NULL;
    if (srtp_create(&session, &policy) != srtp_err_status_ok) {
        fprintf(stderr, "srtp_create failed for %s\n", p->name);
        exit(2);
    }
    return session;
}

static void write_packet(unsigned char *b, int size, unsigned short seq)
{
    unsigned ts = 90000u + seq;
    memset(b, 0x5A, size);
    b[0] = 0x80;
    b[1] = 96;
    b[2] = seq >> 8;
    b[3] = seq & 0xFF;
    b[4] = ts >> 24; b[5] = ts >> 16; b[6] = ts >> 8; b[7] = ts;
    b[8] = SSRC >> 24; b[9] = (SSRC >> 16) & 0xFF; b[10] = (SSRC >> 8) & 0xFF; b[11] = SSRC & 0xFF;
}

static double measure_protect(const profile_t *p, int size, double seconds)
{
    unsigned char buf[2048];
    srtp_t s = make_session(p, 0);
    unsigned short seq = 0;
    long long count = 0;
    double warm_end, start, elapsed;
    int phase, i, len;
    write_packet(buf, size, 0);
    for (phase = 0; phase < 2; phase++) {
        warm_end = now() + (seconds / 4 < 0.5 ? seconds / 4 : 0.5);
        start = now();
        count = 0;
        for (;;) {
            for (i = 0; i < 1024; i++) {
                seq++;
                buf[2] = seq >> 8;
                buf[3] = seq & 0xFF;
                len = size;
                if (srtp_protect(s, buf, &len) != srtp_err_status_ok) {
                    fprintf(stderr, "protect failed\n");
                    exit(3);
                }
            }
            count += 1024;
            elapsed = now() - start;
            if (phase == 0 ? now() >= warm_end : elapsed >= seconds)
                break;
        }
    }
    srtp_dealloc(s);
    return count / elapsed;
}

static double measure_unprotect(const profile_t *p, int size, double seconds)
{
    int slot = size + 32, i, len = 0, next = 0, phase;
    unsigned char *ring = malloc((size_t)slot * RING);
    unsigned char buf[2048];
    srtp_t sender = make_session(p, 0), receiver;
    long long count = 0;
    double warm_end, start, elapsed;
    for (i = 0; i < RING; i++) {
        write_packet(ring + (size_t)i * slot, size, (unsigned short)i);
        len = size;
        if (srtp_protect(sender, ring + (size_t)i * slot, &len) != srtp_err_status_ok) {
            fprintf(stderr, "ring protect failed\n");
            exit(3);
        }
    }
    srtp_dealloc(sender);
    int plen = len;
    receiver = make_session(p, 1);
    for (phase = 0; phase < 2; phase++) {
        warm_end = now() + (seconds / 4 < 0.5 ? seconds / 4 : 0.5);
        start = now();
        count = 0;
        for (;;) {
            for (i = 0; i < 1024; i++) {
                if (next == RING) {
                    next = 0;
                    srtp_dealloc(receiver);
                    receiver = make_session(p, 1);
                }
                memcpy(buf, ring + (size_t)next * slot, plen);
                next++;
                len = plen;
                if (srtp_unprotect(receiver, buf, &len) != srtp_err_status_ok) {
                    fprintf(stderr, "unprotect failed\n");
                    exit(3);
                }
            }
            count += 1024;
            elapsed = now() - start;
            if (phase == 0 ? now() >= warm_end : elapsed >= seconds)
                break;
        }
    }
    srtp_dealloc(receiver);
    free(ring);
    return count / elapsed;
}

static int verify(const char *name, const char *hex, int rtcp)
{
    unsigned char buf[4096];
    int n = (int)strlen(hex) / 2, i, len, ok;
    unsigned x;
    const profile_t *p = NULL;
    for (i = 0; i < 3; i++)
        if (strcmp(profiles[i].name, name) == 0)
            p = &profiles[i];
    if (p == NULL || n > (int)sizeof buf)
        return 2;
    for (i = 0; i < n; i++) {
        sscanf(hex + 2 * i, "%2x", &x);
        buf[i] = (unsigned char)x;
    }
    srtp_t r = make_session(p, 1);
    len = n;
    if (rtcp) {
        /* The C# side sends a receiver report of 48 bytes whose bytes after the SSRC are 0x5A. */
        ok = srtp_unprotect_rtcp(r, buf, &len) == srtp_err_status_ok && len == 48;
        for (i = 8; ok && i < len; i++)
            ok = buf[i] == 0x5A;
    } else {
        ok = srtp_unprotect(r, buf, &len) == srtp_err_status_ok && len == 1200;
        for (i = 12; ok && i < len; i++)
            ok = buf[i] == 0x5A;
    }
    printf("interop %s %s %s\n", name, rtcp ? "rtcp" : "rtp", ok ? "ok" : "fail");
    srtp_dealloc(r);
    return ok ? 0 : 1;
}

int main(int argc, char **argv)
{
    static const int sizes[] = {160, 1200};
    int pi, si;
    if (srtp_init() != srtp_err_status_ok)
        return 2;
    if (argc == 4 && strcmp(argv[1], "verify") == 0)
        return verify(argv[2], argv[3], 0);
    if (argc == 4 && strcmp(argv[1], "verify-rtcp") == 0)
        return verify(argv[2], argv[3], 1);
    if (argc < 2 || strcmp(argv[1], "pps") != 0) {
        fprintf(stderr, "usage: srtp_anchor pps [seconds] [wall|cpu] | verify|verify-rtcp <profile> <hex>\n");
        return 2;
    }
    double seconds = argc > 2 ? atof(argv[2]) : 2.0;
    if (argc > 3 && strcmp(argv[3], "cpu") == 0)
        clock_id = CLOCK_THREAD_CPUTIME_ID;
    printf("libsrtp %s\n", srtp_get_version_string());
    for (pi = 0; pi < 2; pi++)
        for (si = 0; si < 2; si++) {
            printf("pps %s %d protect %.0f\n", profiles[pi].name, sizes[si], measure_protect(&profiles[pi], sizes[si], seconds));
            printf("pps %s %d unprotect %.0f\n", profiles[pi].name, sizes[si], measure_unprotect(&profiles[pi], sizes[si], seconds));
            fflush(stdout);
        }
    srtp_shutdown();
    return 0;
}
