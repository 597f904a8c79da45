using System.Text.Json;
using VideoVisit.Recorder.Capture;
using VideoVisit.Recorder.Processing;
using VideoVisit.Recorder.Tests.Helpers;

namespace VideoVisit.Recorder.Tests;

/// <summary>Captures of real VP8 and Opus, damaged like a network would, become WebM files ffprobe and ffmpeg accept.</summary>
public sealed class RecordingToWebMTests
{
    private static async Task<(string WebM, ProcessingReport Report)> RecordAsync(TempDirectory dir, VisitScenario scenario)
    {
        string capture = dir.File("visit.vvcap");
        await scenario.WriteCaptureAsync(capture, SourceMedia.SixSeconds);
        return dir.ToWebM(capture, "visit.webm");
    }

    [Fact]
    public async Task LossyReorderedWrappingCaptureBecomesOneVp8AndOneOpusStreamOfTheCapturedLength()
    {
        using var dir = new TempDirectory();
        var (webm, report) = await RecordAsync(dir, new VisitScenario { LossRate = 0.01, ReorderRate = 0.05, DuplicateRate = 0.02 });

        var probe = ExternalTool.Probe(webm);
        var streams = probe.GetProperty("streams").EnumerateArray().ToList();
        Assert.Equal(2, streams.Count);
        var video = Assert.Single(streams, s => s.GetProperty("codec_type").GetString() == "video");
        var audio = Assert.Single(streams, s => s.GetProperty("codec_type").GetString() == "audio");
        Assert.Equal("vp8", video.GetProperty("codec_name").GetString());
        Assert.Equal(320, video.GetProperty("width").GetInt32());
        Assert.Equal(240, video.GetProperty("height").GetInt32());
        Assert.Equal("opus", audio.GetProperty("codec_name").GetString());
        Assert.Equal("webm", probe.GetProperty("format").GetProperty("format_name").GetString()!.Split(',')[^1]);
        double duration = double.Parse(probe.GetProperty("format").GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(duration, 6.0 * 0.9, 6.0 * 1.1);

        Assert.Equal(CaptureEnd.Finished, report.CaptureEnd);
        Assert.True(report.LostPackets > 0, "the scenario loses packets");
        Assert.True(report.DuplicatePackets > 0, "the scenario duplicates packets");
        Assert.Equal("", ExternalTool.DecodeErrors(webm));
    }

    [Fact]
    public async Task AVisitLongerThanTheInterleavingHorizonIsStreamedToTheMuxerInOrder()
    {
        using var dir = new TempDirectory();
        string capture = dir.File("long.vvcap");
        var media = SourceMedia.SixSeconds.Repeat(5); // 30 s, three times the 10 s horizon
        await new VisitScenario { LossRate = 0.01, ReorderRate = 0.05, AudioDelayMicros = 300_000 }.WriteCaptureAsync(capture, media);
        var (webm, report) = dir.ToWebM(capture, "long.webm");

        Assert.Equal(0, report.FramesPlacedLate);
        double duration = double.Parse(ExternalTool.Probe(webm).GetProperty("format").GetProperty("duration").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(duration, 30 * 0.9, 30 * 1.1);
        Assert.Equal("", ExternalTool.DecodeErrors(webm));
        var video = ExternalTool.PacketTimes(webm, "v");
        var audio = ExternalTool.PacketTimes(webm, "a");
        Assert.Equal(audio.Count, report.AudioFrames);
        Assert.Equal(video.Count, report.VideoFrames);
        // 1% loss: nearly every Opus packet survives; VP8 loses whole GOP tails after each loss but keeps most.
        Assert.InRange(audio.Count, media.OpusPackets.Count * 0.97, media.OpusPackets.Count);
        Assert.InRange(video.Count, media.VideoFrames.Count / 2, media.VideoFrames.Count);
        Assert.Equal(video.Order(), video);
    }

    [Fact]
    public async Task CuesPointAtKeyframeClustersSoPlayersCanSeek()
    {
        using var dir = new TempDirectory();
        var (webm, _) = await RecordAsync(dir, new VisitScenario());

        var (cues, clusters, _) = WebMInspector.Read(File.ReadAllBytes(webm));
        Assert.True(cues.Count >= 5, $"one cue per keyframe (every second), got {cues.Count}");
        Assert.All(cues, c => Assert.Contains(c.ClusterPosition, clusters));
        Assert.All(cues, c => Assert.Equal(1, c.Track));

        // Reading from 3 s on starts at a keyframe near 3 s, not at the beginning.
        var fromThree = ExternalTool.PacketTimes(webm, "v", "3%+0.5");
        Assert.NotEmpty(fromThree);
        Assert.InRange(fromThree[0], 2.0, 3.05);
    }

    [Fact]
    public async Task SenderReportsKeepAudioAndVideoInSyncDespiteUnequalNetworkDelay()
    {
        using var dir = new TempDirectory();
        // Audio arrives 350 ms after video; both senders' reports share one NTP clock.
        var (webm, report) = await RecordAsync(dir, new VisitScenario { AudioDelayMicros = 390_000 });
        Assert.Equal(2, report.StreamsSynchronisedByReports);

        double drift = Drift(webm);
        Assert.True(Math.Abs(drift) < 0.100, $"A/V drift {drift * 1000:F0} ms");
    }

    [Fact]
    public async Task WithoutSenderReportsArrivalTimeIsUsedAndTheNetworkDelayShows()
    {
        using var dir = new TempDirectory();
        var (webm, report) = await RecordAsync(dir, new VisitScenario { AudioDelayMicros = 390_000, SenderReports = false });
        Assert.Equal(0, report.StreamsSynchronisedByReports);

        // By construction the audio is placed 350 ms late: the fallback is honest about what it cannot know.
        Assert.InRange(Drift(webm), 0.300, 0.400);
    }

    [Fact]
    public async Task AnAudioClockRunningFastStaysInSyncToTheEndOfALongVisit()
    {
        using var dir = new TempDirectory();
        string capture = dir.File("long.vvcap");
        var media = SourceMedia.SixSeconds.Repeat(50); // five minutes
        // 0.1% fast: by the end the audio timestamps are 300 ms ahead of the wall clock the video follows.
        await new VisitScenario { AudioClockPpm = 1_000, AudioDelayMicros = 120_000 }.WriteCaptureAsync(capture, media);
        var (webm, _) = dir.ToWebM(capture, "long.webm");

        var video = ExternalTool.PacketTimes(webm, "v");
        var audio = ExternalTool.PacketTimes(webm, "a");
        video.Sort();
        audio.Sort();
        Assert.Equal(media.VideoFrames.Count, video.Count);
        Assert.Equal(media.OpusPackets.Count, audio.Count);
        // Same instants: video frame k at k * 50 ms, Opus packet j at j * 20 ms; check the start, the middle and the end.
        foreach (int second in new[] { 2, 150, 295 })
        {
            double drift = audio[second * 50] - video[second * SourceMedia.VideoFps];
            Assert.True(Math.Abs(drift) < 0.020, $"A/V drift {drift * 1000:F0} ms at {second} s");
        }
    }

    /// <summary>Audio time minus video time of the same media instant: video frame 40 and Opus packet 100 are both sent at 2 s.</summary>
    private static double Drift(string webm)
    {
        var video = ExternalTool.PacketTimes(webm, "v");
        var audio = ExternalTool.PacketTimes(webm, "a");
        Assert.Equal(SourceMedia.SixSeconds.VideoFrames.Count, video.Count);
        Assert.Equal(SourceMedia.SixSeconds.OpusPackets.Count, audio.Count);
        video.Sort();
        audio.Sort();
        return audio[100] - video[40];
    }
}

/// <summary>Each participant's camera and microphone become tracks of the one WebM of the visit.</summary>
public sealed class PerParticipantTracksTests
{
    [Fact]
    public async Task TwoParticipantsBecomeTwoVideoAndTwoAudioTracksInOneWebMEachInSync()
    {
        using var dir = new TempDirectory();
        string capture = dir.File("visit.vvcap");
        var parent = new VisitScenario { Participant = "parent", AudioDelayMicros = 250_000 };
        var child = new VisitScenario
        {
            Participant = "child", VideoTrack = 2, AudioTrack = 3, VideoSsrc = 0x3333, AudioSsrc = 0x4444,
            NtpBaseSeconds = 3_800_000_123, VideoDelayMicros = 90_000, AudioDelayMicros = 60_000, Seed = 9,
        };
        await VisitScenario.WriteCaptureAsync(capture, SourceMedia.SixSeconds, [parent, child]);
        var (webm, report) = dir.ToWebM(capture, "visit.webm");

        Assert.Equal((2, 2), (report.VideoTracks, report.AudioTracks));
        var streams = ExternalTool.Probe(webm).GetProperty("streams").EnumerateArray().ToList();
        Assert.Equal(["vp8", "opus", "vp8", "opus"], streams.Select(s => s.GetProperty("codec_name").GetString()));
        Assert.Equal(["parent video", "parent audio", "child video", "child audio"],
            streams.Select(s => s.GetProperty("tags").GetProperty("title").GetString()));
        for (int p = 0; p < 2; p++)
        {
            var video = ExternalTool.PacketTimes(webm, $"{2 * p}");
            var audio = ExternalTool.PacketTimes(webm, $"{2 * p + 1}");
            video.Sort();
            audio.Sort();
            Assert.True(Math.Abs(audio[100] - video[40]) < 0.100, $"participant {p} drift {(audio[100] - video[40]) * 1000:F0} ms");
        }
        Assert.Equal("", ExternalTool.DecodeErrors(webm));
    }

    [Fact]
    public async Task AParticipantWhoPublishesAfterRecordingBeganIsRecordedFromThenOn()
    {
        using var dir = new TempDirectory();
        string capture = dir.File("visit.vvcap");
        var parent = new VisitScenario { Participant = "parent" };
        var child = new VisitScenario
        {
            Participant = "child", Late = true, VideoTrack = 2, AudioTrack = 3, VideoSsrc = 0x3333, AudioSsrc = 0x4444,
            StartMicros = 2_500_000, NtpBaseSeconds = 3_800_000_123, Seed = 5,
        };
        await VisitScenario.WriteCaptureAsync(capture, SourceMedia.SixSeconds, [parent, child]);
        using (var reader = CaptureReader.Open(capture))
        {
            Assert.Equal(2, reader.Metadata.Tracks.Count); // the child is not in the header
        }
        var (webm, report) = dir.ToWebM(capture, "visit.webm");

        Assert.Equal((2, 2), (report.VideoTracks, report.AudioTracks));
        var streams = ExternalTool.Probe(webm).GetProperty("streams").EnumerateArray().ToList();
        Assert.Equal(["parent video", "parent audio", "child video", "child audio"],
            streams.Select(s => s.GetProperty("tags").GetProperty("title").GetString()));
        var parentVideo = ExternalTool.PacketTimes(webm, "0");
        var childVideo = ExternalTool.PacketTimes(webm, "2");
        var childAudio = ExternalTool.PacketTimes(webm, "3");
        Assert.Equal(SourceMedia.SixSeconds.VideoFrames.Count, childVideo.Count);
        Assert.Equal(SourceMedia.SixSeconds.OpusPackets.Count, childAudio.Count);
        // The child's first frame sits 2.5 s after the parent's (their own sender clocks differ: arrival places them).
        Assert.InRange(childVideo.Min() - parentVideo.Min(), 2.4, 2.6);
        childVideo.Sort();
        childAudio.Sort();
        Assert.True(Math.Abs(childAudio[100] - childVideo[40]) < 0.100, $"child drift {(childAudio[100] - childVideo[40]) * 1000:F0} ms");
        Assert.Equal("", ExternalTool.DecodeErrors(webm));
    }

    [Fact]
    public async Task AParticipantWhoReconnectsWithNewSsrcsContinuesOnTheSameTracksAtTheRightTime()
    {
        using var dir = new TempDirectory();
        string capture = dir.File("visit.vvcap");
        var before = new VisitScenario();
        var after = new VisitScenario
        {
            StartMicros = 8_000_000, VideoSsrc = 0x5555, AudioSsrc = 0x6666, Seed = 3,
            VideoFirstSequence = 17, AudioFirstSequence = 40_000, VideoFirstTimestamp = 123_456, AudioFirstTimestamp = 987_654,
        };
        await VisitScenario.WriteCaptureAsync(capture, SourceMedia.SixSeconds, [before, after]);
        var (webm, report) = dir.ToWebM(capture, "visit.webm");

        Assert.Equal((1, 1), (report.VideoTracks, report.AudioTracks));
        var video = ExternalTool.PacketTimes(webm, "v");
        var audio = ExternalTool.PacketTimes(webm, "a");
        Assert.Equal(2 * SourceMedia.SixSeconds.VideoFrames.Count, video.Count);
        Assert.Equal(2 * SourceMedia.SixSeconds.OpusPackets.Count, audio.Count);
        // The second sender's first frame sits 8 s after the first sender's, audio likewise.
        Assert.InRange(video[SourceMedia.SixSeconds.VideoFrames.Count] - video[0], 7.95, 8.05);
        Assert.InRange(audio[SourceMedia.SixSeconds.OpusPackets.Count] - audio[0], 7.95, 8.05);
        Assert.Equal("", ExternalTool.DecodeErrors(webm));
    }
}
