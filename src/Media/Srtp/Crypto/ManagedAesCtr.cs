using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using X86Aes = System.Runtime.Intrinsics.X86.Aes;
using Sse2 = System.Runtime.Intrinsics.X86.Sse2;

namespace VideoVisit.Media.Srtp.Crypto;

/// <summary>
/// AES-128-CTR keystream with AES-NI intrinsics, four blocks in flight. The key schedule (FIPS-197 §5.2) is
/// expanded once with AESKEYGENASSIST. Used by the managed backend where the CPU has AES-NI.
/// </summary>
internal sealed class IntrinsicsAesCtr : AesCtrCipher
{
    private readonly Vector128<byte>[] _roundKeys = new Vector128<byte>[11];

    public IntrinsicsAesCtr(ReadOnlySpan<byte> key)
    {
        if (!IsSupported)
        {
            throw new PlatformNotSupportedException("AES-NI is not available.");
        }

        if (key.Length != 16)
        {
            throw new ArgumentException("AES-CM in SRTP uses 128-bit keys here.", nameof(key));
        }

        var k = Vector128.Create(key);
        _roundKeys[0] = k;
        _roundKeys[1] = k = Expand(k, X86Aes.KeygenAssist(k, 0x01));
        _roundKeys[2] = k = Expand(k, X86Aes.KeygenAssist(k, 0x02));
        _roundKeys[3] = k = Expand(k, X86Aes.KeygenAssist(k, 0x04));
        _roundKeys[4] = k = Expand(k, X86Aes.KeygenAssist(k, 0x08));
        _roundKeys[5] = k = Expand(k, X86Aes.KeygenAssist(k, 0x10));
        _roundKeys[6] = k = Expand(k, X86Aes.KeygenAssist(k, 0x20));
        _roundKeys[7] = k = Expand(k, X86Aes.KeygenAssist(k, 0x40));
        _roundKeys[8] = k = Expand(k, X86Aes.KeygenAssist(k, 0x80));
        _roundKeys[9] = k = Expand(k, X86Aes.KeygenAssist(k, 0x1b));
        _roundKeys[10] = Expand(k, X86Aes.KeygenAssist(k, 0x36));
    }

    public static bool IsSupported => X86Aes.IsSupported && Sse2.IsSupported;

    public override void Transform(ReadOnlySpan<byte> counterBlock, Span<byte> data)
    {
        var rk = _roundKeys.AsSpan(0, 11);
        // The counter is the low 32 bits, big-endian; SRTP packets never carry it past 2^16 blocks (RFC 3711 §4.1.1).
        var prefix = Vector128.Create(counterBlock);
        uint counter = BinaryPrimitives.ReadUInt32BigEndian(counterBlock[12..]);
        int offset = 0;
        Span<byte> ks = stackalloc byte[64];
        while (offset < data.Length)
        {
            var b0 = WithCounter(prefix, counter);
            var b1 = WithCounter(prefix, counter + 1);
            var b2 = WithCounter(prefix, counter + 2);
            var b3 = WithCounter(prefix, counter + 3);
            counter += 4;
            b0 ^= rk[0];
            b1 ^= rk[0];
            b2 ^= rk[0];
            b3 ^= rk[0];
            for (int r = 1; r < 10; r++)
            {
                b0 = X86Aes.Encrypt(b0, rk[r]);
                b1 = X86Aes.Encrypt(b1, rk[r]);
                b2 = X86Aes.Encrypt(b2, rk[r]);
                b3 = X86Aes.Encrypt(b3, rk[r]);
            }

            b0 = X86Aes.EncryptLast(b0, rk[10]);
            b1 = X86Aes.EncryptLast(b1, rk[10]);
            b2 = X86Aes.EncryptLast(b2, rk[10]);
            b3 = X86Aes.EncryptLast(b3, rk[10]);

            int remaining = data.Length - offset;
            if (remaining >= 64)
            {
                var d = data.Slice(offset, 64);
                (Vector128.Create((ReadOnlySpan<byte>)d) ^ b0).CopyTo(d);
                (Vector128.Create((ReadOnlySpan<byte>)d[16..]) ^ b1).CopyTo(d[16..]);
                (Vector128.Create((ReadOnlySpan<byte>)d[32..]) ^ b2).CopyTo(d[32..]);
                (Vector128.Create((ReadOnlySpan<byte>)d[48..]) ^ b3).CopyTo(d[48..]);
                offset += 64;
            }
            else
            {
                b0.CopyTo(ks);
                b1.CopyTo(ks[16..]);
                b2.CopyTo(ks[32..]);
                b3.CopyTo(ks[48..]);
                for (int i = 0; i < remaining; i++)
                {
                    data[offset + i] ^= ks[i];
                }

                offset += remaining;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector128<byte> WithCounter(Vector128<byte> prefix, uint counter) =>
        prefix.AsUInt32().WithElement(3, BinaryPrimitives.ReverseEndianness(counter)).AsByte();

    // FIPS-197 key expansion step, as in Intel's AES-NI white paper: fold the previous round key and mix in
    // SubWord(RotWord(w3)) ^ Rcon that AESKEYGENASSIST left in the top word.
    private static Vector128<byte> Expand(Vector128<byte> key, Vector128<byte> assist)
    {
        assist = Sse2.Shuffle(assist.AsInt32(), 0xFF).AsByte();
        key = Sse2.Xor(key, Sse2.ShiftLeftLogical128BitLane(key, 4));
        key = Sse2.Xor(key, Sse2.ShiftLeftLogical128BitLane(key, 4));
        key = Sse2.Xor(key, Sse2.ShiftLeftLogical128BitLane(key, 4));
        return Sse2.Xor(key, assist);
    }

    public override void Dispose() => Array.Clear(_roundKeys);
}
