using VideoVisit.Media.Srtp;
using VideoVisit.Media.Srtp.Crypto;

namespace VideoVisit.Media.Tests.Srtp;

/// <summary>RFC 3711 Appendix B.2 (AES-CM keystream) and B.3 (key derivation), typed in from the RFC.</summary>
public class Rfc3711VectorTests
{
    private static readonly byte[] B2Key = Convert.FromHexString("2B7E151628AED2A6ABF7158809CF4F3C");

    public static TheoryData<string> CtrImplementations() => new() { "native", "intrinsics", "ecb" };

    private static AesCtrCipher Ctr(string name, byte[] key) => name switch
    {
        "native" => new NativeAesCtr(key),
        "intrinsics" => new IntrinsicsAesCtr(key),
        _ => new EcbAesCtr(key),
    };

    [Theory]
    [MemberData(nameof(CtrImplementations))]
    public void Rfc3711B2KeystreamMatchesFromCounterZero(string implementation)
    {
        using var ctr = Ctr(implementation, B2Key);
        var iv = Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        var keystream = new byte[48];
        ctr.Transform(iv, keystream);
        Assert.Equal(
            "E03EAD0935C95E80E166B16DD92B4EB4" + "D23513162B02D0F72A43A2FE4A5F97AB" + "41E95B3BB0A2E8DD477901E4FCA894C0",
            Convert.ToHexString(keystream));
    }

    [Theory]
    [MemberData(nameof(CtrImplementations))]
    public void Rfc3711B2KeystreamCarriesAcrossCounterByte(string implementation)
    {
        using var ctr = Ctr(implementation, B2Key);
        var iv = Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFDFEFF");
        var keystream = new byte[48];
        ctr.Transform(iv, keystream);
        Assert.Equal(
            "EC8CDF7398607CB0F2D21675EA9EA1E4" + "362B7C3C6773516318A077D7FC5073AE" + "6A2CC3787889374FBEB4C81B17BA6C44",
            Convert.ToHexString(keystream));
    }

    [Theory]
    [MemberData(nameof(CtrImplementations))]
    public void AesCmKeystreamAgreesWithReferenceAtEveryLength(string implementation)
    {
        using var ctr = Ctr(implementation, B2Key);
        var salt = Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD");
        var iv = Convert.FromHexString("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000");
        var expected = SrtpReference.CmKeystream(B2Key, salt, 0, 0, 300);
        for (int length = 0; length <= 300; length++)
        {
            var data = new byte[length];
            ctr.Transform(iv, data);
            Assert.Equal(expected[..length], data);
        }
    }

    [Fact]
    public void Rfc3711B3DerivesSessionKeys()
    {
        var masterKey = Convert.FromHexString("E1F97A0D3E018BE0D64FA32C06DE4139");
        var masterSalt = Convert.FromHexString("0EC675AD498AFEEBB6960B3AABE6");
        var key = new byte[16];
        var salt = new byte[14];
        var auth = new byte[20];
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpEncryptionLabel, key);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpSaltLabel, salt);
        SrtpKeyDerivation.Derive(masterKey, masterSalt, SrtpKeyDerivation.RtpAuthenticationLabel, auth);
        Assert.Equal("C61E7A93744F39EE10734AFE3FF7A087", Convert.ToHexString(key));
        Assert.Equal("30CBBC08863D8C85D49DB34A9AE1", Convert.ToHexString(salt));
        Assert.Equal("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4", Convert.ToHexString(auth));
    }

    [Theory]
    [InlineData(16, 12)]
    [InlineData(32, 12)]
    [InlineData(16, 14)]
    public void KeyDerivationAgreesWithReferenceForGcmSaltsAndLongKeys(int keyLength, int saltLength)
    {
        var masterKey = Enumerable.Range(0, keyLength).Select(i => (byte)(i * 31)).ToArray();
        var masterSalt = Enumerable.Range(0, saltLength).Select(i => (byte)(0xA0 + i)).ToArray();
        for (byte label = 0; label <= 5; label++)
        {
            var output = new byte[keyLength];
            SrtpKeyDerivation.Derive(masterKey, masterSalt, label, output);
            Assert.Equal(SrtpReference.Kdf(masterKey, masterSalt, label, keyLength), output);
        }
    }
}
