using System.Security.Claims;
using VideoVisit.Signaling.Visits;

namespace VideoVisit.Signaling.Tests.Visits;

public sealed class VisitCallerTests
{
    private static ClaimsPrincipal Principal(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "test"));

    private static readonly (string, string)[] Valid =
    [
        (VisitClaims.Participant, "p-1"), (VisitClaims.Visit, "v-1"), (VisitClaims.Role, "child"),
        (VisitClaims.DisplayName, "はると"), (VisitClaims.WindowStart, "1795600000"), (VisitClaims.WindowEnd, "1795607200"),
    ];

    [Fact]
    public void AParticipantTokenGivesTheTypedCaller()
    {
        Assert.True(VisitCaller.TryFrom(Principal(Valid), out var caller));
        Assert.Equal(new VisitId("v-1"), caller.Visit);
        Assert.Equal(ParticipantRole.Child, caller.Role);
        Assert.Equal("はると", caller.DisplayName);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795607200), caller.WindowEnd);
    }

    [Theory]
    [InlineData(VisitClaims.Visit)]
    [InlineData(VisitClaims.Role)]
    [InlineData(VisitClaims.Participant)]
    [InlineData(VisitClaims.WindowEnd)]
    public void ATokenMissingAVisitClaimIsNoParticipant(string missing)
    {
        Assert.False(VisitCaller.TryFrom(Principal(Valid.Where(c => c.Item1 != missing).ToArray()), out _));
    }

    [Theory]
    [InlineData(VisitClaims.Role, "admin")]
    [InlineData(VisitClaims.Visit, "v 1; DROP")]
    [InlineData(VisitClaims.WindowStart, "-5")]
    public void AMalformedClaimIsRefused(string type, string value)
    {
        Assert.False(VisitCaller.TryFrom(Principal(Valid.Select(c => c.Item1 == type ? (type, value) : c).ToArray()), out _));
    }

    [Fact]
    public void AnUnauthenticatedPrincipalIsNoParticipant()
    {
        Assert.False(VisitCaller.TryFrom(new ClaimsPrincipal(new ClaimsIdentity(Valid.Select(c => new Claim(c.Item1, c.Item2)))), out _));
    }
}
