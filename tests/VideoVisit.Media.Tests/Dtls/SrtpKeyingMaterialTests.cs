using VideoVisit.Media.Dtls;

namespace VideoVisit.Media.Tests.Dtls;

public sealed class SrtpKeyingMaterialTests
{
    [Theory]
    [InlineData(SrtpProtectionProfile.AesCm128HmacSha1_80, 16, 14)]
    [InlineData(SrtpProtectionProfile.AesCm128HmacSha1_32, 16, 14)]
    [InlineData(SrtpProtectionProfile.AeadAes128Gcm, 16, 12)]
    [InlineData(SrtpProtectionProfile.AeadAes256Gcm, 32, 12)]
    public void Rfc5764ExportSplitsClientKeyServerKeyClientSaltServerSalt(SrtpProtectionProfile profile, int keyLength, int saltLength)
    {
        Assert.Equal(2 * (keyLength + saltLength), SrtpProtectionProfiles.ExportLength(profile));
        byte[] exported = Enumerable.Range(0, 2 * (keyLength + saltLength)).Select(i => (byte)i).ToArray();

        SrtpKeyingMaterial keys = SrtpKeyingMaterial.FromServerExport(profile, exported);

        Assert.Equal(profile, keys.Profile);
        Assert.Equal(exported[..keyLength], keys.RemoteMasterKey);                     // client_write_SRTP_master_key
        Assert.Equal(exported[keyLength..(2 * keyLength)], keys.LocalMasterKey);       // server_write_SRTP_master_key
        Assert.Equal(exported[(2 * keyLength)..(2 * keyLength + saltLength)], keys.RemoteMasterSalt);
        Assert.Equal(exported[(2 * keyLength + saltLength)..], keys.LocalMasterSalt);
    }

    [Fact]
    public void ExportOfTheWrongLengthIsRejected()
    {
        Assert.Throws<ArgumentException>(() =>
            SrtpKeyingMaterial.FromServerExport(SrtpProtectionProfile.AesCm128HmacSha1_80, new byte[59]));
    }

    [Fact]
    public void KeysNeverAppearInToString()
    {
        var keys = new SrtpKeyingMaterial(SrtpProtectionProfile.AeadAes128Gcm, [0xAA], [0xBB], [0xCC], [0xDD]);
        Assert.DoesNotContain("170", keys.ToString()); // 0xAA
        Assert.Contains("AeadAes128Gcm", keys.ToString());
    }
}
