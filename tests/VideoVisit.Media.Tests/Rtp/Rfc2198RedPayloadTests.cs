using VideoVisit.Media.Rtp;
using VideoVisit.Media.Tests.Sfu;

namespace VideoVisit.Media.Tests.Rtp;

/// <summary>RFC 2198 §3 block headers: read, renumbered and stripped to the primary block, in place.</summary>
public sealed class Rfc2198RedPayloadTests
{
    private static byte[] Packet(byte[] payload, int padding = 0)
    {
        var packet = new byte[12 + payload.Length + padding];
        packet[0] = (byte)(0x80 | (padding > 0 ? 0x20 : 0));
        packet[1] = 0x80 | 63; // marker set: it must survive
        payload.CopyTo(packet, 12);
        if (padding > 0) packet[^1] = (byte)padding;
        return packet;
    }

    [Fact]
    public void Rfc2198ThePrimaryFollowsTheHeadersAndTheRedundantBlocks()
    {
        var payload = RedForwardingTests.RedPayload();
        Assert.True(RedPayload.TryReadPrimary(payload, out int offset, out byte pt));
        Assert.Equal((4 + 1 + 20, (byte)111), (offset, pt));

        // A primary alone (no redundancy yet, as at the start of a stream): one 1-octet header.
        byte[] alone = [111, 1, 2, 3];
        Assert.True(RedPayload.TryReadPrimary(alone, out offset, out pt));
        Assert.Equal((1, (byte)111), (offset, pt));
    }

    [Theory]
    [InlineData(new byte[0])]                                   // nothing
    [InlineData(new byte[] { 0x80 | 111, 0, 0 })]              // a 4-octet header cut short
    [InlineData(new byte[] { 0x80 | 111, 0, 0, 9, 111, 1 })]   // a block longer than what follows
    [InlineData(new byte[] { 111 })]                            // an empty primary
    [InlineData(new byte[] { 0x80 | 111, 0, 0, 0 })]           // headers only, no final header
    public void Rfc2198MalformedPayloadsAreRefused(byte[] payload)
    {
        Assert.False(RedPayload.TryReadPrimary(payload, out _, out _));
        var copy = payload.ToArray();
        Assert.False(RedPayload.TrySetBlockPayloadTypes(copy, 109));
        Assert.Equal(payload, copy);
    }

    [Fact]
    public void Rfc2198TooManyBlocksAreRefused()
    {
        var payload = new List<byte>();
        for (int i = 0; i <= RedPayload.MaxBlocks; i++) payload.AddRange([0x80 | 111, 0, 0, 0]);
        payload.AddRange([111, 1]);
        Assert.False(RedPayload.TryReadPrimary(payload.ToArray(), out _, out _));
    }

    [Fact]
    public void Rfc2198RenumberingTouchesOnlyTheBlockPayloadTypes()
    {
        var payload = RedForwardingTests.RedPayload();
        Assert.True(RedPayload.TrySetBlockPayloadTypes(payload, 109));
        Assert.Equal(RedForwardingTests.RedPayload(opusPt: 109), payload);
        Assert.Equal(0x80 | 109, payload[0]);
        Assert.Equal(109, payload[4]);
    }

    [Fact]
    public void Rfc2198StrippingLeavesThePrimaryAsThePayloadAndDropsPadding()
    {
        var payload = RedForwardingTests.RedPayload();
        var packet = Packet(payload, padding: 4);
        Assert.True(RedPayload.TryStripToPrimary(packet, 12, 4, 111, out int length));
        Assert.Equal(12 + 30, length);
        Assert.True(RtpPacket.TryParse(packet.AsSpan(0, length), out var plain, out _));
        Assert.False(plain.HasPadding);
        Assert.True(plain.Marker);
        Assert.Equal(111, plain.PayloadType);
        Assert.Equal(payload[25..], plain.Payload.ToArray());

        var broken = Packet([0x80 | 111, 0, 0, 200, 111, 1]);
        var before = broken.ToArray();
        Assert.False(RedPayload.TryStripToPrimary(broken, 12, 0, 111, out length));
        Assert.Equal(before, broken);
        Assert.Equal(before.Length, length);
    }
}
