using VideoVisit.Media.Stun;
using VideoVisit.Testing;

namespace VideoVisit.Media.Tests.Stun;

public class StunAllocationTests
{
    private static readonly byte[] Key = "VOkJxbRl1RmTxUk/WvJxBt"u8.ToArray();

    private static int HandleOne(byte[] request, byte[] response)
    {
        if (!StunMessage.TryParse(request, out StunMessage m, out _) || !m.VerifyFingerprint() || !m.VerifyMessageIntegrity(Key)
            || !m.TryGetUsername(out ReadOnlySpan<byte> user) || !StunUsername.TrySplit(user, out _, out _)
            || !m.TryGetPriority(out _) || !m.TryGetIceControlled(out _))
        {
            return -1;
        }

        int n = StunResponses.WriteBindingSuccess(response, m.TransactionId, StunEndpoint.FromIPv4(0xC0000201, 32853), Key);
        return n + StunResponses.WriteBindingError(response, m.TransactionId, StunErrorCode.RoleConflict, Key);
    }

    [Fact]
    public void StunParseVerifyAndRespondAllocateNothing()
    {
        byte[] request = Rfc5769Vectors.Request;
        var response = new byte[256];
        for (int i = 0; i < 200; i++)
        {
            Assert.True(HandleOne(request, response) > 0);
        }

        int total = 0;
        long allocated = Allocations.Measure(n =>
        {
            for (int i = 0; i < n; i++)
            {
                total += HandleOne(request, response);
            }
        }, 5_000);
        Assert.True(total > 0);
        Assert.Equal(0, allocated);
    }
}
