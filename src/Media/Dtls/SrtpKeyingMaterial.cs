namespace VideoVisit.Media.Dtls;

/// <summary>
/// SRTP master keys and salts produced by a DTLS-SRTP handshake (RFC 5764 §4.2). "Local" is this server's sending
/// direction (the exporter's server_write_* half), "remote" is what the browser uses to send to us (client_write_*).
/// Plain arrays so that the SRTP layer needs nothing from DTLS.
/// </summary>
public sealed record SrtpKeyingMaterial(
    SrtpProtectionProfile Profile,
    byte[] LocalMasterKey,
    byte[] LocalMasterSalt,
    byte[] RemoteMasterKey,
    byte[] RemoteMasterSalt)
{
    /// <summary>
    /// Splits exporter output laid out as client_write_SRTP_master_key | server_write_SRTP_master_key |
    /// client_write_SRTP_master_salt | server_write_SRTP_master_salt (RFC 5764 §4.2), seen from the server.
    /// </summary>
    public static SrtpKeyingMaterial FromServerExport(SrtpProtectionProfile profile, ReadOnlySpan<byte> exported)
    {
        int keyLength = SrtpProtectionProfiles.KeyLength(profile);
        int saltLength = SrtpProtectionProfiles.SaltLength(profile);
        if (exported.Length != 2 * (keyLength + saltLength))
        {
            throw new ArgumentException(
                $"Expected {2 * (keyLength + saltLength)} exported bytes for {profile}, got {exported.Length}.",
                nameof(exported));
        }

        byte[] clientKey = exported.Slice(0, keyLength).ToArray();
        byte[] serverKey = exported.Slice(keyLength, keyLength).ToArray();
        byte[] clientSalt = exported.Slice(2 * keyLength, saltLength).ToArray();
        byte[] serverSalt = exported.Slice(2 * keyLength + saltLength, saltLength).ToArray();
        return new SrtpKeyingMaterial(profile, serverKey, serverSalt, clientKey, clientSalt);
    }

    // Keys must not end up in logs through the record's generated ToString.
    public override string ToString() => $"SrtpKeyingMaterial {{ Profile = {Profile} }}";
}
