using BenchmarkDotNet.Running;
using VideoVisit.Bench;

// Quick modes for scripts (bench/srtp-vs-libsrtp.sh); everything else goes to BenchmarkDotNet.
if (args.Length > 0 && args[0] == "srtp-pps")
{
    return SrtpQuickBench.Run(args);
}

if (args.Length > 1 && args[0] == "srtp-sample")
{
    return SrtpQuickBench.Sample(args);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
