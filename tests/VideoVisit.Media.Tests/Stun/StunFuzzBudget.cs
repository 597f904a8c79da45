namespace VideoVisit.Media.Tests.Stun;

/// <summary>Fuzz input count: small by default, raised with VIDEOVISIT_FUZZ_INPUTS for long runs.</summary>
internal static class StunFuzzBudget
{
    public static int Inputs(int normal = 20_000) =>
        int.TryParse(Environment.GetEnvironmentVariable("VIDEOVISIT_FUZZ_INPUTS"), out int n) && n > 0 ? n : normal;
}
