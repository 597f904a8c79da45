using VideoVisit.Media.Srtp;
using static VideoVisit.Media.Tests.Srtp.SrtpTestPackets;

namespace VideoVisit.Media.Tests.Srtp;

/// <summary>RFC 5764 §4.2: the exported keying material is client key ‖ server key ‖ client salt ‖ server salt.</summary>
public class Rfc5764KeyingMaterialTests
{
    [Theory]
    [InlineData(SrtpProfile.Aes128CmHmacSha1_80, 60)]
    [InlineData(SrtpProfile.AeadAes128Gcm, 56)]
    [InlineData(SrtpProfile.AeadAes256Gcm, 88)]
    public void ServerAndClientContextsPairUp(SrtpProfile profile, int exportLength)
    {
        Assert.Equal(exportLength, SrtpSessionKeys.ExportLength(profile));
        var material = Enumerable.Range(0, exportLength).Select(i => (byte)(i * 11)).ToArray();
        using var server = SrtpSessionKeys.FromDtlsExport(profile, material, isDtlsServer: true, SrtpBackend.Native);
        using var client = SrtpSessionKeys.FromDtlsExport(profile, material, isDtlsServer: false, SrtpBackend.Managed);

        var rtp = MakeRtp(1, 1, 100);
        Assert.True(Unprotect(client.Inbound, Protect(server.Outbound, rtp)).Ok);
        Assert.True(Unprotect(server.Inbound, Protect(client.Outbound, rtp)).Ok);
        Assert.False(Unprotect(server.Inbound, Protect(server.Outbound, MakeRtp(2, 1, 100))).Ok);

        // The server's outbound keys are the second key and the second salt of the layout.
        int k = profile.KeyLength();
        int s = profile.SaltLength();
        var expected = SrtpReference.ProtectRtp(profile, material[k..(2 * k)], material[((2 * k) + s)..], MakeRtp(3, 5, 20), 0);
        Assert.Equal(expected, Protect(server.Outbound, MakeRtp(3, 5, 20)));
    }

    [Fact]
    public void WrongMaterialLengthIsRefused() =>
        Assert.Throws<ArgumentException>(() => SrtpSessionKeys.FromDtlsExport(SrtpProfile.Aes128CmHmacSha1_80, new byte[56], isDtlsServer: true));
}
