namespace VideoVisit.Recorder.Tests.Helpers;

/// <summary>Walks a WebM file's top-level Segment children (RFC 8794 VINTs) to check Cues independently of ffprobe.</summary>
internal static class WebMInspector
{
    public sealed record CuePoint(long TimeMs, long Track, long ClusterPosition);

    public static (List<CuePoint> Cues, List<long> ClusterPositions, long SegmentDataStart) Read(byte[] file)
    {
        int at = 0;
        var (ebmlId, ebmlSize) = (ReadId(file, ref at), ReadSize(file, ref at));
        Assert.Equal(0x1A45DFA3u, ebmlId);
        at += (int)ebmlSize;
        Assert.Equal(0x18538067u, ReadId(file, ref at));
        ReadSize(file, ref at);
        long segmentStart = at;
        var cues = new List<CuePoint>();
        var clusters = new List<long>();
        while (at < file.Length)
        {
            long position = at - segmentStart;
            uint id = ReadId(file, ref at);
            long size = ReadSize(file, ref at);
            if (id == 0x1F43B675)
            {
                clusters.Add(position);
            }
            else if (id == 0x1C53BB6B)
            {
                ReadCues(file, at, at + (int)size, cues);
            }
            at += (int)size;
        }
        return (cues, clusters, segmentStart);
    }

    private static void ReadCues(byte[] file, int at, int end, List<CuePoint> cues)
    {
        while (at < end)
        {
            Assert.Equal(0xBBu, ReadId(file, ref at));
            int pointEnd = (int)ReadSize(file, ref at) + at;
            long time = -1, track = -1, cluster = -1;
            while (at < pointEnd)
            {
                uint id = ReadId(file, ref at);
                int size = (int)ReadSize(file, ref at);
                if (id == 0xB3)
                {
                    time = ReadUInt(file, at, size);
                }
                else if (id == 0xB7)
                {
                    int p = at;
                    while (p < at + size)
                    {
                        uint childId = ReadId(file, ref p);
                        int childSize = (int)ReadSize(file, ref p);
                        if (childId == 0xF7) track = ReadUInt(file, p, childSize);
                        if (childId == 0xF1) cluster = ReadUInt(file, p, childSize);
                        p += childSize;
                    }
                }
                at += size;
            }
            cues.Add(new CuePoint(time, track, cluster));
        }
    }

    private static long ReadUInt(byte[] file, int at, int size)
    {
        long v = 0;
        for (int i = 0; i < size; i++) v = v << 8 | file[at + i];
        return v;
    }

    private static uint ReadId(byte[] file, ref int at)
    {
        int length = System.Numerics.BitOperations.LeadingZeroCount((uint)file[at]) - 24 + 1;
        uint id = 0;
        for (int i = 0; i < length; i++) id = id << 8 | file[at++];
        return id;
    }

    private static long ReadSize(byte[] file, ref int at)
    {
        int length = System.Numerics.BitOperations.LeadingZeroCount((uint)file[at]) - 24 + 1;
        long v = file[at++] & (0xFF >> length);
        for (int i = 1; i < length; i++) v = v << 8 | file[at++];
        return v;
    }
}
