using System.Buffers.Binary;

namespace VideoVisit.Media.Dtls;

/// <summary>
/// Cheap sanity check on an inbound datagram before it reaches BouncyCastle. Epoch-0 records carry no MAC, so a
/// forged one with a huge sequence number would slide the replay window (RFC 6347 §4.1.2.6) past the peer's real
/// handshake records and stall the handshake; garbage that is not a DTLS record at all is not worth a queue slot.
/// </summary>
internal static class DtlsRecordFilter
{
    // RFC 6347 §4.1: type(1) version(2) epoch(2) sequence_number(6) length(2).
    public const int HeaderLength = 13;

    // A whole handshake uses a few dozen epoch-0 records, retransmissions included; 2^16 is far beyond that.
    private const long MaxPlausibleEpoch0Sequence = 1 << 16;

    /// <summary>
    /// Smallest protected record for an AEAD suite when the suite is not known yet: the 16-byte tag
    /// (ChaCha20-Poly1305, RFC 7905); AES-GCM adds an 8-byte explicit nonce (RFC 5288 §3).
    /// </summary>
    public const int MinimumAeadRecordBody = 16;

    /// <summary>
    /// Whether the first record of <paramref name="datagram"/> could belong to our DTLS 1.2 association.
    /// <paramref name="minimumProtectedBody"/> is the smallest body a record of epoch ≥ 1 can have under the
    /// negotiated suite: BouncyCastle 2.7 fails the whole association (decode_error) on a shorter one, although
    /// RFC 6347 §4.1.2.7 says invalid records should be silently discarded.
    /// </summary>
    public static bool IsPlausible(ReadOnlySpan<byte> datagram, int minimumProtectedBody = MinimumAeadRecordBody)
    {
        if (datagram.Length < HeaderLength)
        {
            return false;
        }

        // change_cipher_spec(20), alert(21), handshake(22), application_data(23). We negotiate neither heartbeat
        // (24, RFC 6520) nor connection ids (tls12_cid 25, RFC 9146), so those cannot be ours.
        byte contentType = datagram[0];
        if (contentType is < 20 or > 23)
        {
            return false;
        }

        // DTLS versions are 0xFEFF (1.0) and 0xFEFD (1.2): the one's-complement encoding (RFC 6347 §4.1).
        if (datagram[1] != 0xFE)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(datagram[11..]);
        if (HeaderLength + length > datagram.Length)
        {
            return false;
        }

        ushort epoch = BinaryPrimitives.ReadUInt16BigEndian(datagram[3..]);
        if (epoch == 0)
        {
            long sequence = (long)BinaryPrimitives.ReadUInt16BigEndian(datagram[5..]) << 32
                | BinaryPrimitives.ReadUInt32BigEndian(datagram[7..]);
            return sequence < MaxPlausibleEpoch0Sequence;
        }

        return length >= minimumProtectedBody;
    }
}
