using VideoVisit.Media.Dtls;

namespace VideoVisit.Media.Tests.Dtls;

public sealed class DtlsRecordFilterTests
{
    // RFC 6347 §4.1 record: handshake(22), DTLS 1.2 (FE FD), epoch, 48-bit sequence, length, body.
    private static byte[] Record(byte type, ushort epoch, long sequence, int bodyLength)
    {
        var record = new byte[13 + bodyLength];
        record[0] = type;
        record[1] = 0xFE;
        record[2] = 0xFD;
        record[3] = (byte)(epoch >> 8);
        record[4] = (byte)epoch;
        for (int i = 0; i < 6; i++)
        {
            record[5 + i] = (byte)(sequence >> (8 * (5 - i)));
        }

        record[11] = (byte)(bodyLength >> 8);
        record[12] = (byte)bodyLength;
        return record;
    }

    [Theory]
    [InlineData(20, 0, 5, 1)]      // ChangeCipherSpec
    [InlineData(22, 0, 0, 100)]    // ClientHello fragment
    [InlineData(22, 1, 0, 40)]     // encrypted Finished
    [InlineData(21, 1, 9, 26)]     // encrypted alert (AES-GCM: 8 nonce + 2 + 16 tag)
    [InlineData(23, 1, 1000000, 24)]
    public void Rfc6347WellFormedRecordsPass(byte type, ushort epoch, long sequence, int bodyLength)
    {
        Assert.True(DtlsRecordFilter.IsPlausible(Record(type, epoch, sequence, bodyLength), minimumProtectedBody: 24));
    }

    [Fact]
    public void TruncationAtEveryLengthIsRejected()
    {
        byte[] record = Record(22, 0, 3, 50);
        for (int length = 0; length < record.Length; length++)
        {
            Assert.False(DtlsRecordFilter.IsPlausible(record.AsSpan(0, length)), $"length {length}");
        }

        Assert.True(DtlsRecordFilter.IsPlausible(record));
    }

    [Theory]
    [InlineData(19)]
    [InlineData(24)] // heartbeat: never negotiated
    [InlineData(25)] // tls12_cid: never negotiated
    [InlineData(63)]
    public void ContentTypesWeNeverNegotiateAreRejected(byte type)
    {
        Assert.False(DtlsRecordFilter.IsPlausible(Record(type, 0, 0, 10)));
    }

    [Fact]
    public void ForgedEpochZeroSequenceThatWouldSlideTheReplayWindowIsRejected()
    {
        Assert.True(DtlsRecordFilter.IsPlausible(Record(22, 0, 65535, 10)));
        Assert.False(DtlsRecordFilter.IsPlausible(Record(22, 0, 65536, 10)));
        Assert.False(DtlsRecordFilter.IsPlausible(Record(22, 0, 0xFFFF_FFFF_FFFF, 10)));
    }

    [Fact]
    public void EncryptedRecordTooShortForTheAeadIsRejected()
    {
        Assert.False(DtlsRecordFilter.IsPlausible(Record(23, 1, 0, 23), minimumProtectedBody: 24));
        Assert.True(DtlsRecordFilter.IsPlausible(Record(23, 1, 0, 16), minimumProtectedBody: 16));
        Assert.False(DtlsRecordFilter.IsPlausible(Record(23, 1, 0, 15)));
    }

    [Fact]
    public void Rfc6347SeveralWholeRecordsInOneDatagramPass()
    {
        byte[] datagram = [.. Record(22, 0, 4, 30), .. Record(20, 0, 5, 1), .. Record(22, 1, 0, 40)];
        Assert.True(DtlsRecordFilter.IsPlausible(datagram, minimumProtectedBody: 24));
    }

    [Fact]
    public void TrailingBytesAfterTheLastRecordAreRejectedAtEveryLength()
    {
        // RFC 6347 §4.1.1: a datagram holds whole records only; a stub after them is not from a DTLS stack.
        byte[] whole = [.. Record(22, 0, 4, 30), .. Record(22, 0, 5, 20)];
        for (int extra = 1; extra < 13; extra++)
        {
            byte[] datagram = [.. whole, .. Record(22, 0, 6, 0).AsSpan(0, extra)];
            Assert.False(DtlsRecordFilter.IsPlausible(datagram), $"{extra} trailing bytes");
        }

        // And a second record cut anywhere is rejected.
        for (int cut = 1; cut < 33; cut++)
        {
            Assert.False(DtlsRecordFilter.IsPlausible(whole.AsSpan(0, whole.Length - cut)), $"cut {cut}");
        }
    }

    [Fact]
    public void AnImplausibleLaterRecordSpoilsTheDatagram()
    {
        byte[] shortEncrypted = [.. Record(22, 0, 4, 30), .. Record(23, 1, 0, 10)];
        byte[] forgedSequence = [.. Record(22, 0, 4, 30), .. Record(22, 0, 1L << 40, 10)];
        Assert.False(DtlsRecordFilter.IsPlausible(shortEncrypted, minimumProtectedBody: 24));
        Assert.False(DtlsRecordFilter.IsPlausible(forgedSequence));
    }

    [Fact]
    public void NonDtlsVersionIsRejected()
    {
        byte[] tls = Record(22, 0, 0, 10);
        tls[1] = 0x03; // TLS 1.2 is 03 03
        tls[2] = 0x03;
        Assert.False(DtlsRecordFilter.IsPlausible(tls));
    }
}
