using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Media;

/// <summary>The operator's command that processes waiting captures and exits.</summary>
public sealed class ProcessRecordingsCommandTests
{
    private static async Task<(int Exit, string Output)> RunAsync(string data)
    {
        using var host = Repo.StartHost(Path.Combine(Repo.Root, "src", "Web"), new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Data__Directory"] = data,
            ["Media__UdpPort"] = "0",
        }, "process-recordings");
        var output = host.StandardOutput.ReadToEndAsync();
        var errors = host.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await host.WaitForExitAsync(timeout.Token);
        return (host.ExitCode, await output + await errors);
    }

    [Fact]
    public async Task WithNothingWaitingItExitsCleanlyWithoutServing()
    {
        var data = Directory.CreateTempSubdirectory("videovisit-process-").FullName;
        var (exit, output) = await RunAsync(data);
        Assert.Equal(0, exit);
        Assert.DoesNotContain("DEMO ", output);
    }

    [Fact]
    public async Task ADamagedCaptureIsReportedAndTheExitCodeSaysSo()
    {
        var data = Directory.CreateTempSubdirectory("videovisit-process-").FullName;
        var captures = Path.Combine(data, "recordings", "capture");
        Directory.CreateDirectory(captures);
        await File.WriteAllBytesAsync(Path.Combine(captures, "v-1-20261125T000000Z" + VideoVisit.Recorder.Storage.RecordingFiles.CaptureExtension),
            [1, 2, 3, 4, 5, 6, 7, 8]);

        var (exit, output) = await RunAsync(data);

        Assert.Equal(1, exit);
        Assert.Contains("failed", output);
    }
}
