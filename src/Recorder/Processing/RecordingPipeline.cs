using VideoVisit.Recorder.Capture;
using VideoVisit.Recorder.Storage;

namespace VideoVisit.Recorder.Processing;

/// <summary>
/// One capture to one encrypted recording: capture -> WebM (a temporary plaintext file beside the store) ->
/// AES-GCM chunks -> atomic rename; the capture and the temporary file are deleted only once the encrypted file
/// is complete and synced, so a crash at any step leaves the capture to be processed again at the next start.
/// </summary>
public sealed class RecordingPipeline(string captureDirectory, string recordingDirectory, RecordingKeyRing keys)
{
    /// <summary>Captures present in the capture directory: at start-up, all of them were left by a crash or an
    /// interrupted post-processing, and are recovered.</summary>
    public IReadOnlyList<string> FindCaptures() => Directory.Exists(captureDirectory)
        ? Directory.GetFiles(captureDirectory, "*" + CaptureFormat.FileExtension).Order(StringComparer.Ordinal).ToList()
        : [];

    /// <summary>
    /// Starts a capture, sealed with the recorder's key ring like finished recordings (a stolen disk shows no RTP)
    /// and readable only by the server's user.
    /// </summary>
    public CaptureWriter CreateCapture(string visitId, DateTimeOffset startedAt, CaptureMetadata metadata) =>
        CaptureWriter.Create(CapturePathFor(visitId, startedAt), metadata, keys: keys);

    /// <summary>The capture path for a new recording of a visit.</summary>
    public string CapturePathFor(string visitId, DateTimeOffset startedAt)
    {
        Directory.CreateDirectory(captureDirectory);
        return Path.Combine(captureDirectory, RecordingFiles.NameFor(visitId, startedAt) + CaptureFormat.FileExtension);
    }

    public (string EncryptedPath, ProcessingReport Report) Process(string capturePath)
    {
        Directory.CreateDirectory(recordingDirectory);
        string name = RecordingFiles.NameOf(capturePath);
        string webm = Path.Combine(recordingDirectory, name + ".webm.tmp");
        string encryptedTemp = Path.Combine(recordingDirectory, name + ".vvenc.tmp");
        string encrypted = Path.Combine(recordingDirectory, name + RecordingFiles.EncryptedExtension);
        File.Delete(webm);
        File.Delete(encryptedTemp);
        ProcessingReport report;
        try
        {
            using (var output = Storage.PrivateFiles.CreateNew(webm, FileAccess.ReadWrite))
            {
                report = CaptureProcessor.ToWebM(capturePath, output, keys);
            }
            RecordingEncryptor.EncryptFile(webm, encryptedTemp, keys);
            File.Move(encryptedTemp, encrypted, overwrite: true);
        }
        finally
        {
            // The plaintext WebM never outlives this call.
            File.Delete(webm);
            File.Delete(encryptedTemp);
        }
        File.Delete(capturePath);
        return (encrypted, report);
    }
}
