using VideoVisit.Media.Sdp;
using VideoVisit.Media.Tests.Sdp.Fixtures;

namespace VideoVisit.Media.Tests.Sdp;

public class SdpMalformedInputTests
{
    private const string Head = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";

    [Theory]
    [InlineData("m=audio 9 UDP/TLS/RTP/SAVPF", "m= needs")]
    [InlineData("m=audio 70000 UDP/TLS/RTP/SAVPF 111", "port")]
    [InlineData("m=audio x/2 UDP/TLS/RTP/SAVPF 111", "port")]
    [InlineData("a=rtpmap:111 opus", "rtpmap")]
    [InlineData("a=rtpmap:300 opus/48000/2", "payload type")]
    [InlineData("a=rtpmap:111 opus/0", "rtpmap")]
    [InlineData("a=fmtp:111", "<token> <value>")]
    [InlineData("a=rtcp-fb:abc nack", "payload type")]
    [InlineData("a=extmap:0 urn:x", "extmap id")]
    [InlineData("a=extmap:3/sideways urn:x", "direction")]
    [InlineData("a=setup:maybe", "setup")]
    [InlineData("a=candidate:1 1 udp 100 1.2.3.4 99999 typ host", "candidate")]
    [InlineData("a=candidate:1 1 udp 100 1.2.3.4 5000 host", "candidate")]
    [InlineData("a=candidate:1 1 udp 100 1.2.3.4 5000 typ host generation", "pairs")]
    [InlineData("a=ssrc:notanumber cname:x", "ssrc")]
    [InlineData("a=ssrc-group:FID 1 x", "ssrc")]
    [InlineData("a=rtcp-mux:yes", "no value")]
    [InlineData("a=mid", "value")]
    [InlineData("a=sendonly\r\na=recvonly", "repeated")]
    [InlineData("garbage", "<type>=<value>")]
    [InlineData("A=foo", "<type>=<value>")]
    [InlineData("x=unknown", "unknown line type")]
    [InlineData("a=foo\u0001bar", "control character")]
    [InlineData("c=IN IP4", "c= needs")]
    [InlineData("b=AS:fast", "b= needs")]
    public void Rfc8866MalformedMediaLineNamesItsLineNumber(string bad, string reasonPart)
    {
        string sdp = Head + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\n" + bad + "\r\na=rtcp-mux\r\n";
        if (bad.StartsWith("m=", StringComparison.Ordinal))
        {
            sdp = Head + bad + "\r\n";
        }

        SdpParseException e = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(sdp));
        int expectedLine = bad.StartsWith("m=", StringComparison.Ordinal) ? 5 : bad.Contains("\r\n") ? 8 : 7;
        Assert.Equal(expectedLine, e.LineNumber);
        Assert.Contains(reasonPart, e.Reason + e.Message, StringComparison.Ordinal);
        Assert.Contains($"line {expectedLine}", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("o=- 1 1 IN IP4 127.0.0.1\r\nv=0\r\n", 1, "start with v=")]
    [InlineData("v=1\r\n", 1, "be 0")]
    [InlineData("v=0\r\nv=0\r\n", 2, "be 0")]
    [InlineData("v=0\r\no=- x 1 IN IP4 1.2.3.4\r\n", 2, "o= needs")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nt=0\r\n", 4, "t= needs")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\n", 3, "lacks")]
    [InlineData("v=0\r\no=- 1 1 IN IP4 1.2.3.4\r\ns=-\r\nt=0 0\r\nm=audio 9 RTP/AVP 0\r\ns=again\r\n", 6, "session part")]
    public void Rfc8866MalformedSessionPartNamesItsLineNumber(string sdp, int line, string reasonPart)
    {
        SdpParseException e = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(sdp));
        Assert.Equal(line, e.LineNumber);
        Assert.Contains(reasonPart, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SdpLongerThanTheLimitIsRefusedBeforeParsing()
    {
        string huge = Head + string.Concat(Enumerable.Repeat("a=x-filler:0123456789012345678901234567890123456789\r\n", 2000));
        SdpParseException e = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(huge));
        Assert.Equal(0, e.LineNumber);
        Assert.Contains("longer", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SdpWithTooManyMediaSectionsIsRefusedAtTheFirstExtraSection()
    {
        string many = Head + string.Concat(Enumerable.Repeat("m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n", 201));
        SdpParseException e = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(many));
        Assert.Equal(4 + 201, e.LineNumber);
        Assert.Contains("200", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SdpWithTooManyAttributesInASectionIsRefused()
    {
        var limits = SdpLimits.Default with { MaxAttributesPerSection = 10 };
        string sdp = Head + string.Concat(Enumerable.Repeat("a=x:y\r\n", 11));
        SdpParseException e = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(sdp, limits));
        Assert.Equal(15, e.LineNumber);
    }

    [Fact]
    public void SdpParseExceptionQuotesHostileLinesShortAndPrintable()
    {
        string sdp = Head + "a=candidate:" + new string('x', 5000) + "\u0007\r\n";
        SdpParseException e = Assert.Throws<SdpParseException>(() => SessionDescription.Parse(sdp));
        Assert.True(e.Message.Length < 400);
        Assert.DoesNotContain('\u0007', e.Message);
    }

    [Fact]
    public void Rfc8866EveryTruncationOfAChromeOfferParsesOrFailsWithLineNumber()
    {
        string offer = ChromeOffers.PublishAudioVideo.ReplaceLineEndings("\r\n");
        for (int n = 0; n < offer.Length; n++)
        {
            try
            {
                SessionDescription.Parse(offer[..n]);
            }
            catch (SdpParseException e)
            {
                Assert.InRange(e.LineNumber, 0, offer[..n].Count(c => c == '\n') + 1);
            }
        }
    }
}
