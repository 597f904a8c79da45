using VideoVisit.Media.Ice;

namespace VideoVisit.Media.Tests.Ice;

/// <summary>RFC 8839 §5.4 ice-ufrag / ice-pwd.</summary>
public class IceCredentialsTests
{
    [Fact]
    public void Rfc8839LocalCredentialsAreLongEnoughAndMadeOfIceChars()
    {
        for (int i = 0; i < 200; i++)
        {
            IceCredentials c = IceCredentials.CreateLocal();
            Assert.Equal(8, c.Ufrag.Length);
            Assert.Equal(24, c.Password.Length);
            Assert.True(IceChars.IsValid(c.Ufrag, IceChars.MinUfragLength));
            Assert.True(IceChars.IsValid(c.Password, IceChars.MinPasswordLength));
            Assert.True(c.UfragBytes.SequenceEqual(System.Text.Encoding.ASCII.GetBytes(c.Ufrag)));
            Assert.True(c.PasswordBytes.SequenceEqual(System.Text.Encoding.ASCII.GetBytes(c.Password)));
        }
    }

    [Fact]
    public void LocalCredentialsAreFreshEachTimeAndUseTheWholeAlphabet()
    {
        var ufrags = new HashSet<string>();
        var seen = new HashSet<char>();
        for (int i = 0; i < 2_000; i++)
        {
            IceCredentials c = IceCredentials.CreateLocal();
            Assert.True(ufrags.Add(c.Ufrag));
            seen.UnionWith(c.Password);
        }

        // 48,000 draws from 64 symbols: a biased or truncated alphabet would leave some unseen.
        Assert.Equal(64, seen.Count);
    }

    [Theory]
    [InlineData("BrWs", "remotepasswordremotepass", true)]
    [InlineData("a+/9", "0123456789012345678901", true)]
    [InlineData("abc", "remotepasswordremotepass", false)]
    [InlineData("BrWs", "tooShortPassword", false)]
    [InlineData("Br-s", "remotepasswordremotepass", false)]
    [InlineData("BrWs", "remotepassword remotepass", false)]
    [InlineData("BrWs", "remotepasswordremotepass\u00e9", false)]
    public void Rfc8839RemoteCredentialsAreCheckedAgainstTheGrammar(string ufrag, string pwd, bool valid)
    {
        Assert.Equal(valid, IceCredentials.TryCreateRemote(ufrag, pwd, out IceCredentials? c));
        Assert.Equal(valid, c is not null);
    }

    [Fact]
    public void Rfc8839OverlongRemoteUfragIsRefused() =>
        Assert.False(IceCredentials.TryCreateRemote(new string('u', 257), new string('p', 22), out _));
}
