using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using VideoVisit.Signaling.Hubs;
using VideoVisit.Testing;

namespace VideoVisit.Web.Tests.Hub;

/// <summary>
/// Every public method of the visit hub, called by every role with random, empty, huge and null arguments (of the
/// right types: a wrong type never reaches the hub), against the real host: each call is refused with a <c>VV_*</c>
/// code, nothing in the visit changes, and no connection — the caller's or anyone else's — is dropped.
/// </summary>
public sealed partial class HubFuzzTests() : OpenVisitTests(new Dictionary<string, string?>
{
    ["Invitations:ExchangesPerMinute"] = "1000",
    // The fuzzing is about arguments, not rates: the rate limit stays out of the way.
    ["Limits:HubCallsPerSecond"] = "10000",
    ["Limits:HubCallBurst"] = "100000",
})
{
    private static readonly string[] Roles = ["supervisor", "observer", "parent", "child"];

    /// <summary>Parameters whose every value is valid input (a flag): they cannot make a call invalid on their own.</summary>
    /// <summary>Any value is valid input: a flag, or the page's own secret (null or any string a page chose is a page).</summary>
    private static bool IsFreeChoice(ParameterInfo p) => p.ParameterType == typeof(bool) || p.Name == "pageSecret";

    public static IReadOnlyList<MethodInfo> HubMethods() =>
        [.. typeof(VisitHub).GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName && m.Name is not (nameof(VisitHub.OnConnectedAsync) or nameof(VisitHub.OnDisconnectedAsync)))
            .OrderBy(m => m.Name, StringComparer.Ordinal)];

    [Fact]
    public async Task EveryHubMethodRefusesRandomEmptyHugeAndNullArgumentsFromEveryRole()
    {
        var methods = HubMethods();
        Assert.True(methods.Count >= 20, $"only {methods.Count} hub methods found");
        var clients = new Dictionary<string, HubClient>();
        try
        {
            foreach (var role in Roles) clients[role] = (await HubClient.JoinWithCodeAsync(Server, Visit.Codes[role])).Client;
            var rooms = App.Services.GetRequiredService<VisitRooms>();
            var before = await rooms.GetAsync(new(Visit.VisitId), default);
            var timelineBefore = Facts(await TimelineReader.ReadAsync(App, Visit.VisitId));

            var random = new Random(20261205);
            var calls = 0;
            var failures = new List<string>();
            foreach (var role in Roles)
            {
                var connection = clients[role].Connection;
                foreach (var method in methods)
                {
                    var parameters = method.GetParameters();
                    // Rounds 0-7: the visit id itself is fuzzed. Rounds 8-14: the real visit id, every other argument invalid
                    // (only for methods that have an argument that can be invalid).
                    var deep = parameters.Skip(1).Any(p => !IsFreeChoice(p));
                    for (int round = 0; round < (deep ? 15 : 8); round++)
                    {
                        var realVisit = round >= 8;
                        var args = parameters.Select((p, i) => i == 0 && p.Name == "visitId"
                            ? (realVisit ? Visit.VisitId : FuzzString(random, round))
                            // Free text is valid input unless empty, blank, huge or null: only those with the real visit.
                            : Fuzz(random, p, realVisit && p.Name == "text" ? round % 4 : round)).ToArray();
                        calls++;
                        var outcome = await InvokeAsync(connection, method, args);
                        if (outcome is not null) failures.Add($"{role} {method.Name}({Describe(args)}): {outcome}");
                    }
                }
            }
            Assert.True(failures.Count == 0, $"{failures.Count} of {calls} calls were not refused with a VV_ code:\n{string.Join("\n", failures.Take(20))}");

            // Nothing changed: the room's decisions, its members, and the record (refusals aside).
            var after = await rooms.GetAsync(new(Visit.VisitId), default);
            Assert.Equal(before.Controls, after.Controls);
            Assert.Equal(before.Members.Select(m => (m.ConnectionId, m.Participant, m.Pending)).Order(),
                after.Members.Select(m => (m.ConnectionId, m.Participant, m.Pending)).Order());
            Assert.Equal(timelineBefore, Facts(await TimelineReader.ReadAsync(App, Visit.VisitId)));

            // Everyone is still connected and served.
            Assert.All(clients.Values, c => Assert.Equal(HubConnectionState.Connected, c.Connection.State));
            var presence = await clients["supervisor"].Connection.InvokeAsync<PresenceView>("GetPresence", Visit.VisitId);
            Assert.Equal(4, presence.Participants.Count(p => p.Connections > 0));
        }
        finally
        {
            foreach (var c in clients.Values) await c.DisposeAsync();
        }
    }

    /// <summary>The timeline without refusals (those are expected, once per kind a minute).</summary>
    private static List<string> Facts(List<VideoVisit.Web.Data.TimelineEvent> events) =>
        [.. events.Where(e => e.Kind != "refused").Select(e => $"{e.Kind}|{e.ActorParticipantId}|{e.SubjectParticipantId}|{e.Detail}")];

    /// <summary>Null when the call was refused properly; otherwise what went wrong.</summary>
    private static async Task<string?> InvokeAsync(HubConnection connection, MethodInfo method, object?[] args)
    {
        var returns = method.ReturnType.IsGenericType ? method.ReturnType.GetGenericArguments()[0] : typeof(object);
        try
        {
            await connection.InvokeCoreAsync(method.Name, returns, args).WaitAsync(TimeSpan.FromSeconds(15));
            return "accepted";
        }
        catch (HubException e)
        {
            var code = VvCode().Match(e.Message);
            if (!code.Success) return $"refused without a VV_ code: {e.Message}";
            return code.Value == HubErrors.ServerError ? $"tripped the server ({e.Message})" : null;
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    private static object? Fuzz(Random random, ParameterInfo p, int round)
    {
        if (p.ParameterType == typeof(bool)) return random.Next(2) == 0;
        if (p.ParameterType == typeof(int)) return new[] { -1, 0, 1, 3, 7, 29, 31, 60, int.MaxValue, int.MinValue }[random.Next(10)];
        if (p.ParameterType == typeof(string)) return FuzzString(random, round);
        throw new InvalidOperationException($"no fuzzing for {p.ParameterType} ({p.Member.Name}.{p.Name}): add it");
    }

    /// <summary>Null, empty, blank, huge, control characters, path and markup tricks, other scripts, look-alike ids.</summary>
    private static string? FuzzString(Random random, int round) => (round % 8) switch
    {
        0 => null,
        1 => "",
        2 => new string(' ', random.Next(1, 10)) + "\t\r\n",
        3 => new string('x', 15_000),
        4 => new string(Enumerable.Range(0, random.Next(1, 120)).Select(_ => (char)random.Next(0, 0xD7FF)).ToArray()),
        5 => new[] { "../../etc/passwd", "<script>alert(1)</script>", "v-'; DROP TABLE Visits;--", "\0\0\0", "v=0\r\nm=audio 9 RTP/AVP 0", "😀😀", "NaN" }[random.Next(7)],
        6 => $"v-{Guid.NewGuid():N}"[..20] + (random.Next(2) == 0 ? "-parent" : "-supervisor"),
        _ => new string((char)random.Next('A', 'z'), random.Next(1, 3000)),
    };

    private static string Describe(object?[] args) =>
        string.Join(", ", args.Select(a => a switch { null => "null", string s when s.Length > 40 => $"\"{s[..20]}…\" ({s.Length})", string s => $"\"{s}\"", _ => a.ToString() }));

    [GeneratedRegex(@"VV_[A-Z_]+")]
    private static partial Regex VvCode();
}
