using Microsoft.Extensions.Logging;
using Org.BouncyCastle.Tls;
using VideoVisit.Media.Dtls;

namespace VideoVisit.Media.Tests.Dtls;

/// <summary>What an operator reads about one DTLS association: its cipher once, its close once, never a key.</summary>
public sealed class DtlsLoggingTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(15);

    [Fact]
    public async Task AHandshakeLogsItsCipherAndItsCloseOnceAndNoKeyMaterial()
    {
        var log = new RecordingLogger();
        using var link = new InMemoryDtlsLink(DtlsSrtpHandshakeTests.ServerCertificate, DtlsSrtpHandshakeTests.FastOptions(), logger: log);
        TestDtlsClient client = DtlsSrtpHandshakeTests.Client([0x0007]);
        link.Server.Start(DtlsSrtpHandshakeTests.ClientCertificate.Fingerprint);
        Task<DtlsTransport> clientDone = link.ConnectClient(client);
        SrtpKeyingMaterial keys = await link.Server.Handshake.WaitAsync(TestTimeout);
        DtlsTransport clientDtls = await clientDone.WaitAsync(TestTimeout);

        // The browser closes (close_notify), then the server tears the connection down too: one close line.
        clientDtls.Close();
        var deadline = DateTime.UtcNow + TestTimeout;
        while (link.Server.State != DtlsSessionState.Closed && DateTime.UtcNow < deadline) await Task.Delay(20);
        Assert.Equal(DtlsSessionState.Closed, link.Server.State);
        link.Server.Close();
        link.Server.Close();

        string[] lines = log.Lines.ToArray();
        string complete = Assert.Single(lines, l => l.Contains("handshake complete", StringComparison.Ordinal));
        Assert.Contains("in-memory link", complete);
        Assert.Contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", complete);
        Assert.Contains("DTLS", complete);
        Assert.Contains(nameof(VideoVisit.Media.Dtls.SrtpProtectionProfile.AeadAes128Gcm), complete);
        string closed = Assert.Single(lines, l => l.Contains("association closed", StringComparison.Ordinal));
        Assert.Contains("in-memory link", closed);

        byte[][] secrets = [keys.LocalMasterKey, keys.RemoteMasterKey, keys.LocalMasterSalt, keys.RemoteMasterSalt, client.Exported!];
        foreach (byte[] secret in secrets)
        {
            foreach (string form in new[] { Convert.ToHexString(secret), Convert.ToHexString(secret).ToLowerInvariant(), Convert.ToBase64String(secret) })
            {
                Assert.DoesNotContain(lines, l => l.Contains(form, StringComparison.Ordinal));
            }
        }
    }

    [Fact]
    public async Task AFailedHandshakeLogsItsReasonOnce()
    {
        var log = new RecordingLogger();
        using var link = new InMemoryDtlsLink(DtlsSrtpHandshakeTests.ServerCertificate, DtlsSrtpHandshakeTests.FastOptions(), logger: log);
        // The SDP named another certificate: the server refuses this client.
        link.Server.Start(DtlsCertificate.Generate().Fingerprint);
        _ = link.ConnectClient(DtlsSrtpHandshakeTests.Client([0x0007]));
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => link.Server.Handshake.WaitAsync(TestTimeout));
        link.Server.Close();

        string failed = Assert.Single(log.Lines, l => l.Contains("handshake failed", StringComparison.Ordinal));
        Assert.Contains("in-memory link", failed);
        Assert.DoesNotContain(log.Lines, l => l.Contains("handshake complete", StringComparison.Ordinal) || l.Contains("closed (", StringComparison.Ordinal));
    }

    private sealed class RecordingLogger : ILogger
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Lines { get; } = new();

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}
