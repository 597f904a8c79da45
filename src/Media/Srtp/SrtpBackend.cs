using VideoVisit.Media.Srtp.Crypto;

namespace VideoVisit.Media.Srtp;

/// <summary>Which crypto implementation an <see cref="SrtpContext"/> uses.</summary>
public enum SrtpBackend
{
    /// <summary>libcrypto when it loads, managed otherwise; the env var <c>VIDEOVISIT_SRTP_BACKEND</c> (native|managed) overrides.</summary>
    Auto = 0,

    /// <summary>OpenSSL's libcrypto called directly, a reused cipher context per key (docs/media.md "SRTP").</summary>
    Native,

    /// <summary>.NET only: AES-NI intrinsics (or a reused ECB transform) for AES-CM, IncrementalHash, AesGcm.</summary>
    Managed,
}

internal static class SrtpBackendSelector
{
    public const string EnvironmentVariable = "VIDEOVISIT_SRTP_BACKEND";

    /// <summary>Resolves <see cref="SrtpBackend.Auto"/>; asking for Native when libcrypto is missing throws.</summary>
    public static SrtpBackend Resolve(SrtpBackend requested)
    {
        if (requested == SrtpBackend.Auto)
        {
            var env = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (string.Equals(env, "managed", StringComparison.OrdinalIgnoreCase))
            {
                return SrtpBackend.Managed;
            }

            if (string.Equals(env, "native", StringComparison.OrdinalIgnoreCase))
            {
                requested = SrtpBackend.Native;
            }
            else
            {
                return LibCrypto.IsAvailable ? SrtpBackend.Native : SrtpBackend.Managed;
            }
        }

        if (requested == SrtpBackend.Native && !LibCrypto.IsAvailable)
        {
            throw new PlatformNotSupportedException("libcrypto (OpenSSL 3) could not be loaded for the native SRTP backend.");
        }

        return requested;
    }
}
