using System.Diagnostics;
using CsCheck;
using VideoVisit.Media.Dtls;

namespace VideoVisit.Media.Tests.Dtls;

/// <summary>
/// Bounded random-input runs over the DTLS parsers and the session; <c>VIDEOVISIT_FUZZ_INPUTS</c> raises the count for
/// long runs. Each must never throw and must agree with an independent reference where one exists.
/// </summary>
[Trait("Category", "Fuzz")]
public sealed class DtlsFuzzTests
{
    internal static int Inputs => int.TryParse(Environment.GetEnvironmentVariable("VIDEOVISIT_FUZZ_INPUTS"), out int n) && n > 0
        ? n : 20_000;

    [Fact]
    public void DtlsRecordFilterNeverThrowsAndOnlyPassesWholeHeaders()
    {
        var random = new Random(2);
        var buffer = new byte[200];
        int accepted = 0;
        for (int i = 0; i < Inputs; i++)
        {
            random.NextBytes(buffer);
            if (i % 2 == 0)
            {
                buffer[0] = (byte)random.Next(20, 24);
                buffer[1] = 0xFE;
                buffer[3] = 0;
                buffer[4] = (byte)random.Next(2);
                buffer[5] = buffer[6] = buffer[7] = 0;
            }

            int length = random.Next(buffer.Length);
            if (i % 4 == 0 && length >= 13)
            {
                // Make the first record end exactly at the datagram end sometimes, so the accepting path is hit.
                buffer[11] = (byte)((length - 13) >> 8);
                buffer[12] = (byte)(length - 13);
            }

            bool plausible = DtlsRecordFilter.IsPlausible(buffer.AsSpan(0, length), random.Next(0, 30));
            if (plausible)
            {
                accepted++;
                Assert.True(length >= 13 + (buffer[11] << 8 | buffer[12]));
                Assert.InRange(buffer[0], 20, 23);
            }
        }

        Assert.True(accepted > 0, "the generator never produced an acceptable datagram");
    }

    [Fact]
    public void FingerprintParserNeverThrowsOnRandomOrMutatedText()
    {
        var random = new Random(3);
        string valid = DtlsFingerprint.Compute([1, 2, 3]).ToString();
        const string alphabet = "0123456789ABCDEFabcdefgxyz:- sha=\t";
        var chars = new char[valid.Length + 8];
        int accepted = 0;
        for (int i = 0; i < Inputs; i++)
        {
            string text;
            if (i % 2 == 0)
            {
                char[] mutated = valid.ToCharArray();
                for (int m = random.Next(1, 4); m > 0; m--)
                {
                    mutated[random.Next(mutated.Length)] = alphabet[random.Next(alphabet.Length)];
                }

                text = new string(mutated, 0, random.Next(mutated.Length + 1));
            }
            else
            {
                int length = random.Next(chars.Length);
                for (int c = 0; c < length; c++)
                {
                    chars[c] = alphabet[random.Next(alphabet.Length)];
                }

                text = new string(chars, 0, length);
            }

            if (DtlsFingerprint.TryParse(text, out DtlsFingerprint? parsed))
            {
                accepted++;
                Assert.Equal(parsed, DtlsFingerprint.Parse(parsed.ToString()));
            }
        }

        Assert.True(accepted > 0, "no mutated fingerprint survived: the generator is too destructive to test acceptance");
    }

    [Fact]
    public void Rfc8122FingerprintRoundTripsThroughItsText()
    {
        Gen.Select(Gen.Byte.Array[1, 600], Gen.Int[0, 3].Select(i => new[] { "sha-1", "sha-256", "sha-384", "sha-512" }[i]))
            .Sample((der, hash) =>
            {
                DtlsFingerprint fingerprint = DtlsFingerprint.Compute(der, hash);
                DtlsFingerprint reparsed = DtlsFingerprint.Parse(fingerprint.ToString());
                return reparsed.Equals(fingerprint) && reparsed.Matches(der)
                    && DtlsFingerprint.Parse(fingerprint.ToSdpAttribute()).Equals(fingerprint);
            }, iter: 2000);
    }

    [Fact]
    public void SessionSurvivesRandomDatagramsAtAnyTime()
    {
        var watch = Stopwatch.StartNew();
        using var session = new DtlsServerSession(DtlsSrtpHandshakeTests.ServerCertificate, _ => { },
            new DtlsServerOptions { HandshakeTimeout = TimeSpan.FromSeconds(30) });
        session.Start(DtlsSrtpHandshakeTests.ClientCertificate.Fingerprint);
        var random = new Random(4);
        var buffer = new byte[1600];
        for (int i = 0; i < Inputs; i++)
        {
            random.NextBytes(buffer);
            buffer[0] = (byte)random.Next(20, 64);
            session.OnDatagram(buffer.AsSpan(0, random.Next(buffer.Length)));
        }

        Assert.Contains(session.State, new[] { DtlsSessionState.Handshaking, DtlsSessionState.Failed });
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task MutatedClientHellosEndInAnAnswerOrAReasonNeverACrash()
    {
        byte[] clientHello = await CaptureClientHello();
        int runs = Math.Max(200, Inputs / 100);
        int answered = 0, refused = 0;
        var random = new Random(5);
        var mutations = new byte[runs][];
        for (int i = 0; i < runs; i++)
        {
            byte[] mutated = (byte[])clientHello.Clone();
            for (int m = random.Next(1, 5); m > 0; m--)
            {
                // Mostly inside the handshake message (header bytes are mostly caught by the record filter).
                int at = random.Next(10) == 0 ? random.Next(mutated.Length) : random.Next(13, mutated.Length);
                mutated[at] = (byte)random.Next(256);
            }

            mutations[i] = mutated;
        }

        await Parallel.ForEachAsync(mutations, new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (mutated, _) =>
        {
            int sent = 0;
            using var session = new DtlsServerSession(DtlsSrtpHandshakeTests.ServerCertificate, d => Interlocked.Increment(ref sent),
                new DtlsServerOptions { HandshakeTimeout = TimeSpan.FromSeconds(10) });
            session.Start(DtlsSrtpHandshakeTests.ClientCertificate.Fingerprint);
            session.OnDatagram(mutated);
            var watch = Stopwatch.StartNew();
            while (Volatile.Read(ref sent) == 0 && session.State == DtlsSessionState.Handshaking && watch.ElapsedMilliseconds < 30)
            {
                await Task.Delay(2);
            }

            session.Close();
            DtlsHandshakeException failure =
                await Assert.ThrowsAsync<DtlsHandshakeException>(() => session.Handshake.WaitAsync(TimeSpan.FromSeconds(5)));
            Assert.Equal(DtlsSessionState.Failed, session.State);
            if (failure.Reason != DtlsFailureReason.Closed)
            {
                Interlocked.Increment(ref refused);
            }
            else if (Volatile.Read(ref sent) > 0)
            {
                Interlocked.Increment(ref answered);
            }
        });

        Assert.True(answered > 0, "no mutated ClientHello was answered: the mutations never hit ignorable bytes");
        Assert.True(refused > 0, "no mutated ClientHello was refused: the mutations never hit the parser");
    }

    private static async Task<byte[]> CaptureClientHello()
    {
        byte[]? first = null;
        using var link = new InMemoryDtlsLink(DtlsSrtpHandshakeTests.ServerCertificate, DtlsSrtpHandshakeTests.FastOptions(),
            dropToServer: (n, datagram) =>
            {
                if (n == 1)
                {
                    first = datagram.ToArray();
                }

                return false;
            });
        link.Server.Start(DtlsSrtpHandshakeTests.ClientCertificate.Fingerprint);
        Task<Org.BouncyCastle.Tls.DtlsTransport> client = link.ConnectClient(DtlsSrtpHandshakeTests.Client([0x0001, 0x0007]));
        await link.Server.Handshake.WaitAsync(TimeSpan.FromSeconds(15));
        await client.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(22, first![0]);  // handshake record
        Assert.Equal(1, first[13]);   // client_hello (RFC 6347 §4.3.2)
        return first;
    }
}
