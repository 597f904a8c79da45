using VideoVisit.Media.Srtp;
using static VideoVisit.Media.Tests.Srtp.SrtpTestPackets;

namespace VideoVisit.Media.Tests.Srtp;

/// <summary>
/// Random and mutated input into unprotect never crashes and never authenticates. 20,000 inputs per case by
/// default; VIDEOVISIT_FUZZ_INPUTS raises it for long runs.
/// </summary>
[Trait("Category", "Fuzz")]
public class SrtpFuzzTests
{
    public static TheoryData<SrtpProfile, SrtpBackend> Matrix() => ProfilesAndBackends();

    private static int Inputs() =>
        int.TryParse(Environment.GetEnvironmentVariable("VIDEOVISIT_FUZZ_INPUTS"), out int n) && n > 0 ? n : 20_000;

    [Theory]
    [MemberData(nameof(Matrix))]
    public void RandomBytesIntoUnprotectNeverCrashOrAuthenticate(SrtpProfile profile, SrtpBackend backend)
    {
        using var receiver = Context(profile, backend);
        var random = new Random(1234 + (int)profile + (10 * (int)backend));
        var buffer = new byte[1600];
        int inputs = Inputs();
        int reachedCrypto = 0;
        for (int i = 0; i < inputs; i++)
        {
            int length = random.Next(0, i % 4 == 0 ? 1600 : 80);
            random.NextBytes(buffer.AsSpan(0, length));
            if (i % 2 == 0 && length > 0)
            {
                buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F)); // mostly valid version so the crypto path runs
            }

            bool rtcp = i % 3 == 0;
            bool ok = rtcp
                ? receiver.TryUnprotectRtcp(buffer.AsSpan(0, length), length, out _, out var error)
                : receiver.TryUnprotectRtp(buffer.AsSpan(0, length), length, out _, out error);
            Assert.False(ok);
            Assert.NotEqual(SrtpError.None, error);
            reachedCrypto += error == SrtpError.AuthenticationFailed ? 1 : 0;
        }

        // The inputs must exercise the authentication path, not only the header checks.
        Assert.True(reachedCrypto > inputs / 10, $"only {reachedCrypto} of {inputs} reached authentication");
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void MutatedProtectedPacketsNeverAuthenticate(SrtpProfile profile, SrtpBackend backend)
    {
        using var sender = Context(profile, backend);
        using var receiver = Context(profile, backend);
        var random = new Random(99 + (int)profile);
        var original = Protect(sender, MakeRtp(0xFEED, 500, 200, csrcCount: 1, extensionWords: 1));
        var buffer = new byte[original.Length + 64];
        int inputs = Math.Max(1, Inputs() / 4);
        for (int i = 0; i < inputs; i++)
        {
            original.CopyTo(buffer, 0);
            int flips = 1 + random.Next(4);
            for (int f = 0; f < flips; f++)
            {
                buffer[random.Next(original.Length)] ^= (byte)(1 << random.Next(8));
            }

            int length = random.Next(4) == 0 ? random.Next(buffer.Length) : original.Length;
            if (length == original.Length && buffer.AsSpan(0, length).SequenceEqual(original))
            {
                continue; // flips cancelled out
            }

            Assert.False(receiver.TryUnprotectRtp(buffer.AsSpan(0, length), length, out _, out _));
        }

        original.CopyTo(buffer, 0);
        Assert.True(receiver.TryUnprotectRtp(buffer, original.Length, out _, out var error), error.ToString());
    }

    [Theory]
    [MemberData(nameof(Matrix))]
    public void RandomBytesIntoProtectNeverCrash(SrtpProfile profile, SrtpBackend backend)
    {
        using var sender = Context(profile, backend);
        var random = new Random(7 + (int)profile + (10 * (int)backend));
        var buffer = new byte[1600];
        int inputs = Inputs();
        for (int i = 0; i < inputs; i++)
        {
            int size = random.Next(0, 120);
            int length = random.Next(0, size + 1);
            random.NextBytes(buffer.AsSpan(0, size));
            buffer[0] = (byte)(0x80 | (buffer[0] & 0x3F));
            var span = buffer.AsSpan(0, size);
            bool ok = i % 2 == 0
                ? sender.TryProtectRtp(span, length, out int n, out var error)
                : sender.TryProtectRtcp(span, length, out n, out error);
            Assert.Equal(ok, error == SrtpError.None);
            Assert.True(!ok || n <= size);
        }
    }
}
