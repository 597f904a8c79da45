using System.Runtime.InteropServices;

namespace VideoVisit.Media.Srtp.Crypto;

/// <summary>
/// The few libcrypto (OpenSSL 3) entry points the native SRTP backend needs, bound once as unmanaged function
/// pointers. Binding by hand (rather than a DllImport resolver) keeps the Media assembly's resolver free for others
/// and lets us fall back to the managed backend when the library or a symbol is missing.
/// Why native at all: .NET's OpenSSL wrapper clears the error queue and frees per call, which cost 38–44% of
/// cycles at SRTP packet sizes (docs/media.md "SRTP"); one reused EVP_CIPHER_CTX per key avoids all of it.
/// </summary>
internal static unsafe class LibCrypto
{
    public const int EvpCtrlGcmGetTag = 0x10;
    public const int EvpCtrlGcmSetTag = 0x11;

    /// <summary>sizeof(SHA_CTX) in OpenSSL: h0..h4, Nl, Nh, data[16], num (all 32-bit).</summary>
    public const int Sha1CtxSize = 96;

    private static readonly nint Library;

    public static readonly delegate* unmanaged<nint> EVP_CIPHER_CTX_new;
    public static readonly delegate* unmanaged<nint, void> EVP_CIPHER_CTX_free;
    public static readonly delegate* unmanaged<nint> EVP_aes_128_ctr;
    public static readonly delegate* unmanaged<nint> EVP_aes_128_gcm;
    public static readonly delegate* unmanaged<nint> EVP_aes_256_gcm;
    public static readonly delegate* unmanaged<nint, nint, nint, byte*, byte*, int> EVP_EncryptInit_ex;
    public static readonly delegate* unmanaged<nint, byte*, int*, byte*, int, int> EVP_EncryptUpdate;
    public static readonly delegate* unmanaged<nint, byte*, int*, int> EVP_EncryptFinal_ex;
    public static readonly delegate* unmanaged<nint, nint, nint, byte*, byte*, int> EVP_DecryptInit_ex;
    public static readonly delegate* unmanaged<nint, byte*, int*, byte*, int, int> EVP_DecryptUpdate;
    public static readonly delegate* unmanaged<nint, byte*, int*, int> EVP_DecryptFinal_ex;
    public static readonly delegate* unmanaged<nint, int, int, void*, int> EVP_CIPHER_CTX_ctrl;
    public static readonly delegate* unmanaged<void> ERR_clear_error;
    public static readonly delegate* unmanaged<byte*, int> SHA1_Init;
    public static readonly delegate* unmanaged<byte*, byte*, nuint, int> SHA1_Update;
    public static readonly delegate* unmanaged<byte*, byte*, int> SHA1_Final;

    static LibCrypto()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS())
        {
            return;
        }

        string[] names = OperatingSystem.IsMacOS() ? ["libcrypto.3.dylib"] : ["libcrypto.so.3"];
        foreach (var name in names)
        {
            if (NativeLibrary.TryLoad(name, out Library))
            {
                break;
            }
        }

        if (Library == 0)
        {
            return;
        }

        try
        {
            EVP_CIPHER_CTX_new = (delegate* unmanaged<nint>)Get("EVP_CIPHER_CTX_new");
            EVP_CIPHER_CTX_free = (delegate* unmanaged<nint, void>)Get("EVP_CIPHER_CTX_free");
            EVP_aes_128_ctr = (delegate* unmanaged<nint>)Get("EVP_aes_128_ctr");
            EVP_aes_128_gcm = (delegate* unmanaged<nint>)Get("EVP_aes_128_gcm");
            EVP_aes_256_gcm = (delegate* unmanaged<nint>)Get("EVP_aes_256_gcm");
            EVP_EncryptInit_ex = (delegate* unmanaged<nint, nint, nint, byte*, byte*, int>)Get("EVP_EncryptInit_ex");
            EVP_EncryptUpdate = (delegate* unmanaged<nint, byte*, int*, byte*, int, int>)Get("EVP_EncryptUpdate");
            EVP_EncryptFinal_ex = (delegate* unmanaged<nint, byte*, int*, int>)Get("EVP_EncryptFinal_ex");
            EVP_DecryptInit_ex = (delegate* unmanaged<nint, nint, nint, byte*, byte*, int>)Get("EVP_DecryptInit_ex");
            EVP_DecryptUpdate = (delegate* unmanaged<nint, byte*, int*, byte*, int, int>)Get("EVP_DecryptUpdate");
            EVP_DecryptFinal_ex = (delegate* unmanaged<nint, byte*, int*, int>)Get("EVP_DecryptFinal_ex");
            EVP_CIPHER_CTX_ctrl = (delegate* unmanaged<nint, int, int, void*, int>)Get("EVP_CIPHER_CTX_ctrl");
            ERR_clear_error = (delegate* unmanaged<void>)Get("ERR_clear_error");
            SHA1_Init = (delegate* unmanaged<byte*, int>)Get("SHA1_Init");
            SHA1_Update = (delegate* unmanaged<byte*, byte*, nuint, int>)Get("SHA1_Update");
            SHA1_Final = (delegate* unmanaged<byte*, byte*, int>)Get("SHA1_Final");
            IsAvailable = true;
        }
        catch (EntryPointNotFoundException)
        {
            IsAvailable = false;
        }
    }

    /// <summary>True when libcrypto 3 loaded and exports every symbol above.</summary>
    public static bool IsAvailable { get; }

    private static nint Get(string name) => NativeLibrary.GetExport(Library, name);
}
