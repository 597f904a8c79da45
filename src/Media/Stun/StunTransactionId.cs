using System.Buffers.Binary;
using System.Security.Cryptography;

namespace VideoVisit.Media.Stun;

/// <summary>The 96-bit transaction id (RFC 8489 §5), kept as two integers so it is copied, compared and hashed without allocation.</summary>
public readonly record struct StunTransactionId(ulong High, uint Low)
{
    public static StunTransactionId Read(ReadOnlySpan<byte> twelveBytes) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(twelveBytes), BinaryPrimitives.ReadUInt32BigEndian(twelveBytes[8..]));

    public void Write(Span<byte> twelveBytes)
    {
        BinaryPrimitives.WriteUInt64BigEndian(twelveBytes, High);
        BinaryPrimitives.WriteUInt32BigEndian(twelveBytes[8..], Low);
    }

    /// <summary>RFC 8489 §5: chosen uniformly at random, so it cannot be guessed by an off-path attacker.</summary>
    public static StunTransactionId NewRandom()
    {
        Span<byte> b = stackalloc byte[StunConstants.TransactionIdLength];
        RandomNumberGenerator.Fill(b);
        return Read(b);
    }

    public override string ToString() => $"{High:x16}{Low:x8}";
}
