using CsCheck;
using VideoVisit.Media.Stun;

namespace VideoVisit.Media.Tests.Stun;

public class StunRoundTripTests
{
    private static readonly Gen<StunEndpoint> GenEndpoint = Gen.OneOf(
        Gen.Select(Gen.UInt, Gen.UShort, (a, p) => StunEndpoint.FromIPv4(a, p)),
        Gen.Select(Gen.ULong, Gen.ULong, Gen.UShort,
            (h, l, p) => new StunEndpoint(StunAddressFamily.IPv6, new UInt128(h, l), p)));

    private static readonly Gen<StunTransactionId> GenTid = Gen.Select(Gen.ULong, Gen.UInt, (h, l) => new StunTransactionId(h, l));

    [Theory]
    [InlineData(StunClass.Request, 0x0001)]
    [InlineData(StunClass.Indication, 0x0011)]
    [InlineData(StunClass.SuccessResponse, 0x0101)]
    [InlineData(StunClass.ErrorResponse, 0x0111)]
    public void Rfc8489BindingTypeEncodesClassBits(StunClass cls, int expected)
    {
        Assert.Equal(expected, StunMessageType.Encode(cls, StunMethod.Binding));
        Assert.Equal(cls, StunMessageType.GetClass((ushort)expected));
        Assert.Equal(StunMethod.Binding, StunMessageType.GetMethod((ushort)expected));
    }

    [Fact]
    public void Rfc8489MessageTypeRoundTripsForEveryClassAndMethod()
    {
        Gen.Select(Gen.Int[0, 3], Gen.Int[0, 0xFFF]).Sample((c, m) =>
        {
            ushort t = StunMessageType.Encode((StunClass)c, (StunMethod)m);
            Assert.True(t < 0x4000);
            Assert.Equal((StunClass)c, StunMessageType.GetClass(t));
            Assert.Equal((StunMethod)m, StunMessageType.GetMethod(t));
        });
    }

    [Fact]
    public void StunBindingRequestRoundTrips()
    {
        Gen.Select(GenTid, Gen.Byte.Array[1, 80], Gen.UInt, Gen.ULong, Gen.Bool, Gen.Byte.Array[1, 40])
            .Sample((tid, user, priority, tie, useCandidate, key) =>
            {
                var buf = new byte[512];
                var w = new StunWriter(buf, StunClass.Request, StunMethod.Binding, tid);
                Assert.True(w.TryAddUsername(user));
                Assert.True(w.TryAddPriority(priority));
                Assert.True(w.TryAddIceControlling(tie));
                if (useCandidate)
                {
                    Assert.True(w.TryAddUseCandidate());
                }

                Assert.True(w.TryAddMessageIntegrity(key));
                Assert.True(w.TryAddFingerprint());

                Assert.True(StunMessage.TryParse(w.Written, out StunMessage m, out StunParseError e), e.ToString());
                Assert.Equal(tid, m.TransactionId);
                Assert.Equal(StunClass.Request, m.Class);
                Assert.True(m.TryGetUsername(out ReadOnlySpan<byte> u) && u.SequenceEqual(user));
                Assert.True(m.TryGetPriority(out uint p) && p == priority);
                Assert.True(m.TryGetIceControlling(out ulong t) && t == tie);
                Assert.Equal(useCandidate, m.HasUseCandidate);
                Assert.True(m.VerifyMessageIntegrity(key));
                Assert.True(m.VerifyFingerprint());
            });
    }

    [Fact]
    public void StunXorMappedAndMappedAddressRoundTrip()
    {
        Gen.Select(GenTid, GenEndpoint, GenEndpoint).Sample((tid, xor, plain) =>
        {
            var buf = new byte[128];
            var w = new StunWriter(buf, StunClass.SuccessResponse, StunMethod.Binding, tid);
            Assert.True(w.TryAddXorMappedAddress(xor));
            Assert.True(w.TryAddMappedAddress(plain));
            Assert.True(StunMessage.TryParse(w.Written, out StunMessage m, out _));
            Assert.True(m.TryGetXorMappedAddress(out StunEndpoint x));
            Assert.True(m.TryGetMappedAddress(out StunEndpoint y));
            Assert.Equal(xor, x);
            Assert.Equal(plain, y);
        });
    }

    [Fact]
    public void StunErrorCodeAndUnknownAttributesRoundTrip()
    {
        Gen.Select(Gen.Int[300, 699], Gen.String[Gen.Char.AlphaNumeric, 0, 60], Gen.UShort.Array[0, 8]).Sample((code, reason, types) =>
        {
            var buf = new byte[512];
            var w = new StunWriter(buf, StunClass.ErrorResponse, StunMethod.Binding, default);
            byte[] r = System.Text.Encoding.UTF8.GetBytes(reason);
            Assert.True(w.TryAddErrorCode(code, r));
            Assert.True(w.TryAddUnknownAttributes(types));
            Assert.True(StunMessage.TryParse(w.Written, out StunMessage m, out _));
            Assert.True(m.TryGetErrorCode(out int c, out ReadOnlySpan<byte> rr));
            Assert.Equal(code, c);
            Assert.True(rr.SequenceEqual(r));
            var back = new ushort[8];
            Assert.Equal(types, back[..m.CopyUnknownAttributesList(back)]);
        });
    }

    [Fact]
    public void StunWriterRefusesWhenTheBufferIsFullAndKeepsAValidMessage()
    {
        var buf = new byte[32];
        var w = new StunWriter(buf, StunClass.Request, StunMethod.Binding, new StunTransactionId(1, 2));
        Assert.True(w.TryAddPriority(7));
        Assert.False(w.TryAddUsername("abcdefgh:ijkl"u8));
        Assert.False(w.TryAddMessageIntegrity("key"u8));
        Assert.Equal(28, w.Length);
        Assert.True(StunMessage.TryParse(w.Written, out StunMessage m, out _));
        Assert.True(m.TryGetPriority(out uint p) && p == 7);
    }
}
