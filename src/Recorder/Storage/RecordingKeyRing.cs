using System.Security.Cryptography;

namespace VideoVisit.Recorder.Storage;

/// <summary>
/// The AES-256 keys recordings are encrypted with, by key id. New files use <see cref="CurrentKeyId"/>; older
/// files name their key id in the header, so keys can be rotated by adding a new one and keeping the old ones.
/// </summary>
public sealed class RecordingKeyRing
{
    public const int KeyLength = 32;
    private readonly Dictionary<string, byte[]> _keys;

    public RecordingKeyRing(string currentKeyId, IReadOnlyDictionary<string, byte[]> keys)
    {
        _keys = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (id, key) in keys)
        {
            if (key.Length != KeyLength)
            {
                throw new ArgumentException($"recording key '{id}' must be {KeyLength} bytes", nameof(keys));
            }
            if (id.Length is 0 or > 64)
            {
                throw new ArgumentException("a key id is 1-64 characters", nameof(keys));
            }
            _keys[id] = key.ToArray();
        }
        if (!_keys.ContainsKey(currentKeyId))
        {
            throw new ArgumentException($"current recording key '{currentKeyId}' is not configured", nameof(currentKeyId));
        }
        CurrentKeyId = currentKeyId;
    }

    public string CurrentKeyId { get; }

    /// <summary>Keys from configuration: key id to base64 of 32 random bytes.</summary>
    public static RecordingKeyRing FromBase64(string currentKeyId, IReadOnlyDictionary<string, string> base64Keys) =>
        new(currentKeyId, base64Keys.ToDictionary(k => k.Key, k => Convert.FromBase64String(k.Value)));

    /// <summary>A fresh random key (for tests and for operators generating configuration).</summary>
    public static byte[] NewKey() => RandomNumberGenerator.GetBytes(KeyLength);

    internal byte[] Get(string keyId) => _keys.TryGetValue(keyId, out var key)
        ? key
        : throw new RecordingIntegrityException($"recording is encrypted with key '{keyId}', which is not configured");

    internal byte[] Current => _keys[CurrentKeyId];
}
