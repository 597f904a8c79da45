using System.Diagnostics;

namespace VideoVisit.Media.Tests.Rtp;

internal delegate void FuzzBody(ReadOnlySpan<byte> input);

/// <summary>
/// Bounded random-input runs for the span parsers: half the inputs are random bytes, half are valid seed packets
/// with a few bytes flipped, truncated or extended, so the structured paths are reached. The count is
/// <c>VIDEOVISIT_FUZZ_INPUTS</c> (default 20,000); the seed is fixed so a failure reproduces.
/// </summary>
internal static class Fuzz
{
    public const int DefaultInputs = 20_000;

    public static int Inputs =>
        int.TryParse(Environment.GetEnvironmentVariable("VIDEOVISIT_FUZZ_INPUTS"), out int n) && n > 0 ? n : DefaultInputs;

    public static void Run(string name, byte[][] seeds, FuzzBody body)
    {
        var random = new Random(StableSeed(name));
        var buffer = new byte[2048];
        int inputs = Inputs;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < inputs; i++)
        {
            int length;
            if (seeds.Length == 0 || random.Next(2) == 0)
            {
                length = random.Next(0, 400);
                random.NextBytes(buffer.AsSpan(0, length));
                if (length > 0 && random.Next(2) == 0)
                {
                    buffer[0] = (byte)(0x80 | buffer[0] & 0x3F); // version 2 more often than chance
                }
            }
            else
            {
                var seed = seeds[random.Next(seeds.Length)];
                seed.CopyTo(buffer, 0);
                length = seed.Length;
                int flips = random.Next(1, 5);
                for (int f = 0; f < flips && length > 0; f++)
                {
                    int at = random.Next(length);
                    buffer[at] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)(buffer[at] ^ (1 << random.Next(8)));
                }
                switch (random.Next(4))
                {
                    case 0:
                        length = random.Next(length + 1);
                        break;
                    case 1:
                        int extra = random.Next(1, 16);
                        random.NextBytes(buffer.AsSpan(length, extra));
                        length += extra;
                        break;
                }
            }
            try
            {
                body(buffer.AsSpan(0, length));
            }
            catch (Exception e)
            {
                throw new InvalidOperationException(
                    $"{name}: input {i} crashed the parser: {Convert.ToHexString(buffer, 0, length)}", e);
            }
        }
        Console.WriteLine($"fuzz {name}: {inputs} inputs in {clock.ElapsedMilliseconds} ms");
    }

    // string.GetHashCode is randomised per process; FNV-1a keeps the run reproducible.
    private static int StableSeed(string name)
    {
        uint hash = 2166136261;
        foreach (char c in name)
        {
            hash = (hash ^ c) * 16777619;
        }
        return (int)hash;
    }
}
