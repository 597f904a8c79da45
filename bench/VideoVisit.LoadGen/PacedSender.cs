using System.Diagnostics;

namespace VideoVisit.LoadGen;

/// <summary>
/// Sends every publisher's video at a given packet rate (and 50 pps audio) from one thread, in 1 ms slices so that
/// the offered load is smooth rather than one burst per frame.
/// </summary>
internal sealed class PacedSender(IReadOnlyList<SyntheticPublisher> publishers, bool audio)
{
    /// <summary>Runs for <paramref name="duration"/>; returns the fraction of the intended packets actually sent.</summary>
    public double Run(double videoPpsPerPublisher, TimeSpan duration)
    {
        var clock = Stopwatch.StartNew();
        long videoRounds = 0, audioRounds = 0;
        while (clock.Elapsed < duration)
        {
            double t = clock.Elapsed.TotalSeconds;
            long videoDue = (long)(t * videoPpsPerPublisher);
            long audioDue = audio ? (long)(t * 50) : 0;
            bool idle = true;
            while (videoRounds < videoDue)
            {
                foreach (var p in publishers) p.SendVideo();
                videoRounds++;
                idle = false;
                if (clock.ElapsedTicks % 64 == 0 && clock.Elapsed >= duration) break;
            }
            while (audioRounds < audioDue)
            {
                foreach (var p in publishers) p.SendAudio();
                audioRounds++;
                idle = false;
            }
            if (idle) Thread.Sleep(1);
        }
        double intended = duration.TotalSeconds * (videoPpsPerPublisher + (audio ? 50 : 0));
        return Math.Min(1.0, (videoRounds + audioRounds) / Math.Max(1, intended));
    }
}
