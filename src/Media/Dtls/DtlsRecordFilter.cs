using System.Buffers.Binary;

namespace VideoVisit.Media.Dtls;

/// <summary>
/// Cheap sanity check on an inbound datagram before it reaches BouncyCastle. RFC 6347 §4.1.2.7 says invalid
/// records should be silently discarded, but BouncyCastle 2.7.0 is hurt by some (both seen in our tests):
/// <list type="bullet">
/// <item>epoch-0 records carry no MAC, so a forged one with a far-off sequence number is processed as a
/// handshake fragment and moves the replay window (RFC 6347 §4.1.2.6); it broke handshakes outright;</item>
/// <item>an encrypted record shorter than the AEAD overhead fails the whole association with decode_error.</item>
/// </list>
/// Every record of a datagram is processed, so every one is checked, and a datagram passes only if it is a
/// sequence of whole records and nothing else (RFC 6347 §4.1.1: records never span datagrams).
/// </summary>
internal static class DtlsRecordFilter
{
    // RFC 6347 §4.1: type(1) version(2) epoch(2) sequence_number(6) length(2).
    public const int HeaderLength = 13;

    /// <summary>
    /// Smallest protected record for an AEAD suite when the suite is not known yet: the 16-byte tag
    /// (ChaCha20-Poly1305, RFC 7905); AES-GCM adds an 8-byte explicit nonce (RFC 5288 §3).
    /// </summary>
    public const int MinimumAeadRecordBody = 16;

    // A whole handshake uses a few dozen epoch-0 records, retransmissions included; 2^16 is far beyond that.
    private const long MaxPlausibleEpoch0Sequence = 1 << 16;

    /// <summary>
    /// Whether <paramref name="datagram"/> is one or more whole DTLS 1.x records that could belong to our
    /// association. <paramref name="minimumProtectedBody"/> is the smallest body a record of epoch ≥ 1 can have
    /// under the negotiated suite.
    /// </summary>
    public static bool IsPlausible(ReadOnlySpan<byte> datagram, int minimumProtectedBody = MinimumAeadRecordBody)
    {
        if (datagram.IsEmpty)
        {
            return false;
        }

        while (!datagram.IsEmpty)
        {
            if (!IsPlausibleRecord(datagram, minimumProtectedBody, out int recordLength))
            {
                return false;
            }

            datagram = datagram[recordLength..];
        }

        return true;
    }

    private static bool IsPlausibleRecord(ReadOnlySpan<byte> data, int minimumProtectedBody, out int recordLength)
    {
        recordLength = 0;
        if (data.Length < HeaderLength)
        {
            return false;
        }

        // change_cipher_spec(20), alert(21), handshake(22), application_data(23). We negotiate neither heartbeat
        // (24, RFC 6520) nor connection ids (tls12_cid 25, RFC 9146), so those cannot be ours.
        byte contentType = data[0];
        if (contentType is < 20 or > 23)
        {
            return false;
        }

        // DTLS versions are 0xFEFF (1.0) and 0xFEFD (1.2): the one's-complement encoding (RFC 6347 §4.1).
        if (data[1] != 0xFE)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[11..]);
        if (HeaderLength + length > data.Length)
        {
            return false;
        }

        recordLength = HeaderLength + length;
        ushort epoch = BinaryPrimitives.ReadUInt16BigEndian(data[3..]);
        if (epoch == 0)
        {
            long sequence = (long)BinaryPrimitives.ReadUInt16BigEndian(data[5..]) << 32
                | BinaryPrimitives.ReadUInt32BigEndian(data[7..]);
            return sequence < MaxPlausibleEpoch0Sequence;
        }

        return length >= minimumProtectedBody;
    }
}
