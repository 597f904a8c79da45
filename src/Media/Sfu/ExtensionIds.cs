namespace VideoVisit.Media.Sfu;

/// <summary>
/// The RFC 8285 extension ids one side negotiated (its a=extmap lines) for the extensions the SFU keeps
/// (docs/media.md, header extensions). 0 means not negotiated. Ids 1-14 fit the one-byte form, up to 255 the two-byte form.
/// </summary>
public readonly record struct ExtensionIds(int Mid = 0, int AbsSendTime = 0, int TransportWideCc = 0, int AudioLevel = 0)
{
    public const string MidUri = "urn:ietf:params:rtp-hdrext:sdes:mid";
    public const string AbsSendTimeUri = "http://www.webrtc.org/experiments/rtp-hdrext/abs-send-time";
    public const string TransportWideCcUri = "http://www.ietf.org/id/draft-holmer-rmcat-transport-wide-cc-extensions-01";
    public const string AudioLevelUri = "urn:ietf:params:rtp-hdrext:ssrc-audio-level";

    public static ExtensionIds None => default;

    internal bool FitsOneByteForm => Mid <= 14 && AbsSendTime <= 14 && TransportWideCc <= 14 && AudioLevel <= 14;

    internal void Validate()
    {
        if (Mid is < 0 or > 255 || AbsSendTime is < 0 or > 255 || TransportWideCc is < 0 or > 255 || AudioLevel is < 0 or > 255)
        {
            throw new ArgumentOutOfRangeException(nameof(ExtensionIds), "RFC 8285 ids are 1-255 (0 = not negotiated)");
        }
    }
}
