using static VideoVisit.Media.Tests.Rtp.Bytes;

namespace VideoVisit.Media.Tests.Rtcp;

/// <summary>Packets typed in from the figures of RFC 3550 §6.4-6.6, RFC 4585 §6.2-6.3, RFC 5104 §4.3.1, REMB and transport-cc drafts.</summary>
internal static class RtcpSamples
{
    // RFC 3550 §6.4.1: V=2 RC=1 PT=200 length=12; sender 0x11223344; NTP E84C0B4A.80000000; RTP 90000;
    // 100 packets, 10000 octets; block for 0x55667788: fraction 0x40, cumulative -2, ext. highest 0x00010005,
    // jitter 32, LSR 0x4C0B4A80, DLSR 0x00010000 (one second).
    public static readonly byte[] SenderReport = Hex(
        "81 C8 00 0C 11 22 33 44 E8 4C 0B 4A 80 00 00 00 00 01 5F 90 00 00 00 64 00 00 27 10" +
        " 55 66 77 88 40 FF FF FE 00 01 00 05 00 00 00 20 4C 0B 4A 80 00 01 00 00");

    // RFC 3550 §6.4.2: RR from 0x11223344 with the same block.
    public static readonly byte[] ReceiverReport = Hex(
        "81 C9 00 07 11 22 33 44 55 66 77 88 40 FF FF FE 00 01 00 05 00 00 00 20 4C 0B 4A 80 00 01 00 00");

    // RFC 3550 §6.5: one chunk for 0x11223344 with CNAME "abc", null octet, padding to 32 bits.
    public static readonly byte[] SdesCname = Hex("81 CA 00 03 11 22 33 44 01 03 61 62 63 00 00 00");

    // Two chunks: CNAME "ab" (items end on a boundary, so a whole null word follows), then CNAME "z" + NAME "x".
    public static readonly byte[] SdesTwoChunks = Hex(
        "82 CA 00 06 11 22 33 44 01 02 61 62 00 00 00 00 55 66 77 88 01 01 7A 02 01 78 00 00");

    // RFC 3550 §6.6: BYE for 0x11223344 with reason "bye".
    public static readonly byte[] ByeWithReason = Hex("81 CB 00 02 11 22 33 44 03 62 79 65");

    // RFC 4585 §6.2.1: generic NACK from 0x11223344 about 0x55667788: PID 100, BLP 0b101 (101 and 103 lost too).
    public static readonly byte[] Nack = Hex("81 CD 00 03 11 22 33 44 55 66 77 88 00 64 00 05");

    // RFC 4585 §6.3.1: PLI, length 2.
    public static readonly byte[] Pli = Hex("81 CE 00 02 11 22 33 44 55 66 77 88");

    // RFC 5104 §4.3.1: FIR from 0x11223344, media SSRC 0, one entry for 0x55667788 with sequence number 7.
    public static readonly byte[] Fir = Hex("84 CE 00 04 11 22 33 44 00 00 00 00 55 66 77 88 07 00 00 00");

    // draft-alvestrand-rmcat-remb: 'REMB', 1 SSRC, exp 2, mantissa 0x28CE3 (167139) => 668556 bit/s.
    public static readonly byte[] Remb = Hex("8F CE 00 05 11 22 33 44 00 00 00 00 52 45 4D 42 01 0A 8C E3 55 66 77 88");

    // draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: base 100, 5 statuses, reference 16 (1.024 s),
    // fb count 7; one 2-bit vector chunk [small, small, lost, large, small, (pad), (pad)];
    // deltas 16, 4, -2 (large), 8 ticks; one zero byte of padding.
    public static readonly byte[] TransportCc = Hex(
        "8F CD 00 06 11 22 33 44 55 66 77 88 00 64 00 05 00 00 10 07 D4 90 10 04 FF FE 08 00");

    public static byte[] Concat(params byte[][] packets) => packets.SelectMany(p => p).ToArray();

    public static IEnumerable<byte[]> All =>
        [SenderReport, ReceiverReport, SdesCname, SdesTwoChunks, ByeWithReason, Nack, Pli, Fir, Remb, TransportCc];
}
