namespace VideoVisit.Media.Stun;

/// <summary>Fixed values of the STUN wire format (RFC 8489 §5).</summary>
public static class StunConstants
{
    /// <summary>RFC 8489 §5: the magic cookie tells RFC 5389+ STUN from RFC 3489 and from other protocols.</summary>
    public const uint MagicCookie = 0x2112A442;

    /// <summary>RFC 8489 §5: type (2) + length (2) + cookie (4) + transaction id (12).</summary>
    public const int HeaderLength = 20;

    public const int TransactionIdLength = 12;

    /// <summary>Attribute header: type (2) + length (2), RFC 8489 §14.</summary>
    public const int AttributeHeaderLength = 4;

    /// <summary>RFC 8489 §14.5: HMAC-SHA1 output.</summary>
    public const int MessageIntegrityLength = 20;

    public const int FingerprintLength = 4;

    /// <summary>RFC 8489 §14.7: the CRC-32 is XOR-ed with this so STUN is told apart from other CRC-checked protocols.</summary>
    public const uint FingerprintXor = 0x5354554e;

    /// <summary>RFC 8489 §14.3/§14.9: USERNAME is below 513 bytes, SOFTWARE/reason phrase below 763 bytes.</summary>
    public const int MaxUsernameLength = 513;

    public const int MaxReasonLength = 763;
}

/// <summary>Attribute type codes (RFC 8489 §18.3, RFC 8445 §16.1).</summary>
public static class StunAttributeType
{
    public const ushort MappedAddress = 0x0001;
    public const ushort Username = 0x0006;
    public const ushort MessageIntegrity = 0x0008;
    public const ushort ErrorCode = 0x0009;
    public const ushort UnknownAttributes = 0x000A;
    public const ushort Realm = 0x0014;
    public const ushort Nonce = 0x0015;
    public const ushort MessageIntegritySha256 = 0x001C;
    public const ushort PasswordAlgorithm = 0x001D;
    public const ushort UserHash = 0x001E;
    public const ushort XorMappedAddress = 0x0020;
    public const ushort Priority = 0x0024;
    public const ushort UseCandidate = 0x0025;
    public const ushort PasswordAlgorithms = 0x8002;
    public const ushort AlternateDomain = 0x8003;
    public const ushort Software = 0x8022;
    public const ushort AlternateServer = 0x8023;
    public const ushort Fingerprint = 0x8028;
    public const ushort IceControlled = 0x8029;
    public const ushort IceControlling = 0x802A;

    /// <summary>RFC 8489 §14: 0x0000–0x7FFF must be understood; an unknown one makes the request fail with 420.</summary>
    public static bool IsComprehensionRequired(ushort type) => type < 0x8000;

    /// <summary>Comprehension-required attributes this codec understands; anything else below 0x8000 earns a 420.</summary>
    public static bool IsKnownComprehensionRequired(ushort type) => type switch
    {
        MappedAddress or Username or MessageIntegrity or ErrorCode or UnknownAttributes or Realm or Nonce
            or MessageIntegritySha256 or PasswordAlgorithm or UserHash or XorMappedAddress or Priority
            or UseCandidate => true,
        _ => false,
    };
}
