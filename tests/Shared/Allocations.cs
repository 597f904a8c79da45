namespace VideoVisit.Testing;

/// <summary>
/// Bytes a piece of code allocates on the calling thread once warm: the one warm-up every allocation test uses.
/// The code runs twice first, with a pause between, so tiered compilation has promoted its hot methods (it does so
/// about 100 ms after they get hot, and the promotion's one-time bookkeeping can land on this thread); then a third
/// run is measured with the thread's allocation counter. <c>run</c> receives how many iterations to do.
/// </summary>
public static class Allocations
{
    /// <summary>How many times <see cref="Measure"/> runs the code: two warm-up runs and the measured one.</summary>
    public const int Runs = 3;

    private static readonly TimeSpan TieringPause = TimeSpan.FromMilliseconds(200);

    /// <param name="run">The code, given an iteration count.</param>
    /// <param name="iterations">Iterations per run.</param>
    /// <param name="afterWarmUp">Called between the warm-up and the measured run (to read counters the test checks).</param>
    public static long Measure(Action<int> run, int iterations, Action? afterWarmUp = null)
    {
        run(iterations);
        Thread.Sleep(TieringPause);
        run(iterations);
        afterWarmUp?.Invoke();
        long before = GC.GetAllocatedBytesForCurrentThread();
        run(iterations);
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
