using System.Buffers.Binary;
using System.Security.Cryptography;

namespace VideoVisit.Media.Srtp.Crypto;

/// <summary>
/// AES-CTR from a reused ECB encryptor: counter blocks are laid out in a scratch array and encrypted in one
/// TransformBlock call (which, unlike Aes.EncryptEcb, allocates nothing; docs/media.md "SRTP"). The portable fallback.
/// Also used to derive session keys (RFC 3711 §4.3.3), where a 256-bit key may occur.
/// </summary>
internal sealed class EcbAesCtr : AesCtrCipher
{
    private const int ChunkBlocks = 64;
    private readonly Aes _aes;
    private readonly ICryptoTransform _encryptor;
    private readonly byte[] _counters = new byte[ChunkBlocks * 16];
    private readonly byte[] _keystream = new byte[ChunkBlocks * 16];

    public EcbAesCtr(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _encryptor = _aes.CreateEncryptor();
    }

    public override void Transform(ReadOnlySpan<byte> counterBlock, Span<byte> data)
    {
        uint counter = BinaryPrimitives.ReadUInt32BigEndian(counterBlock[12..]);
        int offset = 0;
        while (offset < data.Length)
        {
            int blocks = Math.Min(ChunkBlocks, (data.Length - offset + 15) / 16);
            for (int b = 0; b < blocks; b++)
            {
                var block = _counters.AsSpan(b * 16, 16);
                counterBlock[..12].CopyTo(block);
                BinaryPrimitives.WriteUInt32BigEndian(block[12..], counter++);
            }

            _encryptor.TransformBlock(_counters, 0, blocks * 16, _keystream, 0);
            int n = Math.Min(blocks * 16, data.Length - offset);
            var chunk = data.Slice(offset, n);
            XorBytes.InPlace(chunk, _keystream.AsSpan(0, n));
            offset += n;
        }
    }

    public override void Dispose()
    {
        _encryptor.Dispose();
        _aes.Dispose();
        Array.Clear(_keystream);
    }
}
