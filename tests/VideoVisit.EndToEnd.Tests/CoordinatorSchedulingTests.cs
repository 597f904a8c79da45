using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using VideoVisit.Testing;

namespace VideoVisit.EndToEnd.Tests;

/// <summary>
/// A coordinator signs in at /staff, adds a supervisor's account (staff page) and a family, schedules a visit in the browser, and the links it produced open
/// the supervisor's console and the parent's and the child's lobbies of that visit; and changes a visit's supervisor.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CoordinatorSchedulingTests(BrowserFixture browser) : IAsyncLifetime
{
    private readonly TestApp _app = new(new Dictionary<string, string?> { ["Demo:Enabled"] = "false" });
    private Uri _base = null!;

    public async Task InitializeAsync()
    {
        _base = _app.Start();
        await StaffAccounts.CreateAsync(_app, "tanaka", "coordinator", "田中 (コーディネーター)");
    }

    public async Task DisposeAsync()
    {
        await browser.CloseContextsAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ACoordinatorSchedulesAVisitAndItsLinksOpenTheRightPages()
    {
        var coordinator = await browser.NewPageAsync();
        await coordinator.GotoAsync(new Uri(_base, "/staff").ToString());
        await coordinator.GetByTestId("staff-user").FillAsync("tanaka");
        await coordinator.GetByTestId("staff-password").FillAsync(StaffAccounts.Password);
        await coordinator.GetByTestId("staff-login-submit").ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("staff-signed-in")).ToContainTextAsync("田中 (コーディネーター)");
        await Assertions.Expect(coordinator).ToHaveURLAsync(new Regex("/staff/visits$"));

        // The supervisor's account, made by the coordinator on the staff page.
        await coordinator.GetByTestId("staff-nav-accounts").ClickAsync();
        await Assertions.Expect(coordinator).ToHaveURLAsync(new Regex("/staff/accounts$"));
        await coordinator.GetByTestId("account-user").FillAsync("suzuki");
        await coordinator.GetByTestId("account-name").FillAsync("鈴木 (支援員)");
        await coordinator.GetByTestId("account-role").SelectOptionAsync("supervisor");
        await coordinator.GetByTestId("account-password").FillAsync("suzuki-password-1");
        await coordinator.GetByTestId("account-submit").ClickAsync();
        var added = coordinator.Locator("[data-testid=account][data-user=suzuki]");
        await Assertions.Expect(added.GetByTestId("account-display")).ToHaveTextAsync("鈴木 (支援員)");
        await Assertions.Expect(added).ToHaveAttributeAsync("data-status", "active");
        await BrowserFixture.ScreenshotAsync(coordinator, "coordinator-staff-accounts-1366x768");
        await coordinator.GetByTestId("staff-nav-visits").ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("schedule-supervisor").Locator("option", new() { HasText = "鈴木 (支援員)" })).ToHaveCountAsync(1);

        await coordinator.GetByTestId("family-child").FillAsync("ゆい");
        await coordinator.GetByTestId("family-parent").FillAsync("お母さん");
        await coordinator.GetByTestId("family-contact").FillAsync("090-1111-2222");
        await coordinator.GetByTestId("family-submit").ClickAsync();
        await Assertions.Expect(coordinator.GetByTestId("schedule-family").Locator("option", new() { HasText = "ゆい / お母さん" })).ToHaveCountAsync(1);
        await coordinator.GetByTestId("schedule-family").SelectOptionAsync(new SelectOptionValue { Label = "ゆい / お母さん" });
        await coordinator.GetByTestId("schedule-supervisor").SelectOptionAsync(new SelectOptionValue { Label = "鈴木 (支援員)" });
        await coordinator.GetByTestId("schedule-submit").ClickAsync();

        var issued = coordinator.GetByTestId("issued-links");
        await Assertions.Expect(issued.GetByTestId("issued-link")).ToHaveCountAsync(3);
        var links = new Dictionary<string, string>();
        foreach (var role in new[] { "supervisor", "parent", "child" })
        {
            var item = issued.Locator($"[data-testid=issued-link][data-role={role}]");
            links[role] = (await item.GetByTestId("issued-link-url").GetAttributeAsync("href"))!;
            Assert.StartsWith("data:image/png;base64,", await item.GetByTestId("issued-link-qr").GetAttributeAsync("src"));
            Assert.StartsWith(new Uri(_base, "/j/").ToString(), links[role]);
        }
        var visit = coordinator.GetByTestId("visits-upcoming").GetByTestId("visit");
        await Assertions.Expect(visit.GetByTestId("visit-title")).ToHaveTextAsync("ゆい / お母さん");
        await Assertions.Expect(visit.Locator("[data-testid=seat][data-link=active]")).ToHaveCountAsync(3);
        // The guardian's contact is on the coordinator's family list, and on no visit or link.
        await Assertions.Expect(coordinator.GetByTestId("families")).ToContainTextAsync("090-1111-2222");
        await Assertions.Expect(visit).Not.ToContainTextAsync("090-1111-2222");
        await Assertions.Expect(issued).Not.ToContainTextAsync("090-1111-2222");
        await BrowserFixture.ScreenshotAsync(coordinator, "coordinator-visit-scheduled-1366x768");

        var supervisor = await browser.NewPageAsync();
        await supervisor.GotoAsync(links["supervisor"]);
        var parent = await browser.NewPageAsync();
        await parent.GotoAsync(links["parent"]);
        var child = await browser.NewPageAsync(width: 390, height: 844);
        await child.GotoAsync(links["child"]);

        var sup = await Snapshot.WaitForAsync(supervisor, s => s.Page() == "console");
        Assert.Equal("supervisor", Me(sup).GetProperty("role").GetString());
        await Assertions.Expect(supervisor.Locator("body")).ToContainTextAsync("ゆい / お母さん"); // this visit's console
        foreach (var (page, role, name) in new[] { (parent, "parent", "お母さん"), (child, "child", "ゆい") })
        {
            var snap = await Snapshot.WaitForAsync(page, s => s.Page() == "family");
            Assert.Equal(role, Me(snap).GetProperty("role").GetString());
            await Assertions.Expect(page.Locator("body")).ToContainTextAsync(name);
            Assert.Equal("lobby", snap.State());
            await Assertions.Expect(supervisor.GetByTestId("waiting-list").Locator($"[data-testid=participant-tile][data-role={role}]")).ToBeVisibleAsync();
        }
        await BrowserFixture.ScreenshotAsync(supervisor, "coordinator-scheduled-supervisor-console-1366x768");

        // The visit's record: the joins just made and the scheduling itself, on screen and as a printable page.
        await coordinator.GetByTestId("issued-links-close").ClickAsync();
        await coordinator.GetByTestId("visit").GetByTestId("open-record").ClickAsync();
        await Assertions.Expect(coordinator).ToHaveURLAsync(new Regex("/staff/visits/[^/]+/record$"));
        var timeline = coordinator.GetByTestId("record-timeline");
        await Assertions.Expect(timeline).ToContainTextAsync("予約");
        await Assertions.Expect(timeline).ToContainTextAsync("入室");
        await Assertions.Expect(coordinator.GetByTestId("visit-record")).Not.ToContainTextAsync("090-1111-2222");
        await BrowserFixture.ScreenshotAsync(coordinator, "coordinator-visit-record-1366x768");
        var printable = await coordinator.Context.RunAndWaitForPageAsync(() => coordinator.GetByTestId("record-print-en").ClickAsync());
        await Assertions.Expect(printable.Locator("h1")).ToHaveTextAsync("Visit record");
        await Assertions.Expect(printable.Locator("body")).ToContainTextAsync("ゆい / お母さん");
    }

    /// <summary>
    /// On a phone-sized screen (390 px) the coordinator hands an upcoming visit's supervisor seat to another supervisor:
    /// the new seat's link is shown once with its QR code, the visit shows the new name, the old link is withdrawn.
    /// </summary>
    [Fact]
    public async Task ACoordinatorChangesAVisitsSupervisorOnAPhone()
    {
        using var anonymous = _app.CreateLoopbackClient();
        await StaffAccounts.CreateAsync(_app, "sato", "supervisor", "佐藤 (支援員)");
        var suzuki = await StaffAccounts.CreateAsync(_app, "suzuki", "supervisor", "鈴木 (支援員)");
        await StaffAccounts.CreateAsync(_app, "sato2", "observer", "佐藤 (見学)");
        using var api = StaffAccounts.WithToken(_app, await StaffAccounts.LoginAsync(anonymous, "tanaka"));
        var family = (await api.SendJsonAsync(HttpMethod.Post, "/api/families", new { childName = "ゆい", parentName = "お母さん" })).Body;
        var start = DateTimeOffset.UtcNow.AddHours(2);
        var saved = await api.SendJsonAsync(HttpMethod.Post, "/api/visits", new
        {
            familyId = family.GetProperty("id").GetString(), startsAt = start, endsAt = start.AddHours(1),
            supervisorId = (await api.SendJsonAsync(HttpMethod.Get, "/api/staff")).Body.EnumerateArray()
                .Single(a => a.GetProperty("userName").GetString() == "sato").GetProperty("id").GetString(),
            recordingAllowed = false,
        });
        Assert.Equal(System.Net.HttpStatusCode.Created, saved.Status);
        var oldCode = saved.Body.GetProperty("links").EnumerateArray().Single(l => l.GetProperty("role").GetString() == "supervisor")
            .GetProperty("url").GetString()!.Split("/j/")[1];

        var coordinator = await browser.NewPageAsync(width: 390, height: 844);
        coordinator.Dialog += async (_, dialog) => await dialog.AcceptAsync();
        await coordinator.GotoAsync(new Uri(_base, "/staff").ToString());
        await coordinator.GetByTestId("staff-user").FillAsync("tanaka");
        await coordinator.GetByTestId("staff-password").FillAsync(StaffAccounts.Password);
        await coordinator.GetByTestId("staff-login-submit").ClickAsync();
        var visit = coordinator.GetByTestId("visits-upcoming").GetByTestId("visit");
        await Assertions.Expect(visit.Locator("[data-testid=seat][data-role=supervisor]")).ToContainTextAsync("佐藤 (支援員)");
        // Only those who may supervise: active supervisor and coordinator accounts, not the observer.
        var select = visit.GetByTestId("change-supervisor-select");
        await Assertions.Expect(select.Locator("option", new() { HasText = "鈴木 (支援員)" })).ToHaveCountAsync(1);
        await Assertions.Expect(select.Locator("option", new() { HasText = "佐藤 (見学)" })).ToHaveCountAsync(0);

        await select.SelectOptionAsync(suzuki);
        await visit.GetByTestId("change-supervisor").ClickAsync();

        var issued = coordinator.GetByTestId("issued-links");
        var link = issued.Locator("[data-testid=issued-link][data-role=supervisor]");
        await Assertions.Expect(issued.GetByTestId("issued-link")).ToHaveCountAsync(1);
        Assert.StartsWith("data:image/png;base64,", await link.GetByTestId("issued-link-qr").GetAttributeAsync("src"));
        Assert.StartsWith(new Uri(_base, "/j/").ToString(), await link.GetByTestId("issued-link-url").GetAttributeAsync("href"));
        await Assertions.Expect(visit.Locator("[data-testid=seat][data-role=supervisor]")).ToHaveCountAsync(1);
        await Assertions.Expect(visit.Locator("[data-testid=seat][data-role=supervisor]")).ToContainTextAsync("鈴木 (支援員)");
        // Nothing wider than the phone.
        Assert.True(await coordinator.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"));
        await BrowserFixture.ScreenshotAsync(coordinator, "coordinator-change-supervisor-390x844");

        var old = await anonymous.SendJsonAsync(HttpMethod.Post, "/api/invitations/exchange", new { code = oldCode });
        Assert.Equal((System.Net.HttpStatusCode.Gone, "invitation_revoked"), (old.Status, old.Body.Code()));
    }

    [Fact]
    public async Task AWrongPasswordIsRefusedInTheLanguageOfThePage()
    {
        var page = await browser.NewPageAsync(locale: "en-GB");
        await page.GotoAsync(new Uri(_base, "/staff/visits").ToString());
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("/staff$")); // not signed in: sent to the sign-in page
        await page.GetByTestId("staff-user").FillAsync("tanaka");
        await page.GetByTestId("staff-password").FillAsync("not-the-password");
        await page.GetByTestId("staff-login-submit").ClickAsync();
        await Assertions.Expect(page.GetByTestId("staff-login-error")).ToHaveTextAsync("The user name or password is wrong, or the account is locked for a while after too many attempts.");
    }

    private static JsonElement Me(JsonElement snapshot) => snapshot.GetProperty("me");
}
