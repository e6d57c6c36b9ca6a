using System.Net;
using System.Text.RegularExpressions;
using LiveBoard.Browser.Tests.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveBoard.Browser.Tests;

/// The display control desk (wwwroot/control/) in real Chromium, signed in as a display operator: the registry of
/// connected displays and the commands they receive, the award ceremony as a public viewer receives it, and display keys.
/// Displays and viewers are SignalR clients in C#, as a screen or OBS source would be on the hub.
public sealed class ControlDeskTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    /// After each test: no page it opened broke the Content-Security-Policy.
    public void Dispose() => browser.AssertNoCspViolations();

    static readonly LocatorAssertionsToHaveTextOptions Soon = new() { Timeout = 10_000 };
    static readonly LocatorAssertionsToContainTextOptions SoonContains = new() { Timeout = 10_000 };
    static readonly LocatorAssertionsToHaveAttributeOptions SoonAttribute = new() { Timeout = 10_000 };
    static readonly ViewportSize Laptop = new() { Width = 1366, Height = 768 };
    const string OperatorPassword = "display-operator-password";

    HttpClient Admin => browser.Api;
    Uri Server => browser.Server.BaseAddress;

    [Fact]
    public async Task OperatorSeesAConnectedDisplayAndSendsItAMessage()
    {
        var small = await SmallCompetition.CreateAsync(Admin);
        var key = (await Admin.PostOk("/api/displays/keys", new { name = "主会场 Main hall" }, HttpStatusCode.OK))["key"]!.GetValue<string>();
        var unique = Guid.NewGuid().ToString("N")[..6];
        var channel = $"competition:{small.CompetitionId}";

        // Two screens start: one keeps up with the board, the other stops reporting (as a frozen kiosk would).
        await using var hall = await ControlHubClient.ConnectAsync(Server, key);
        await hall.RegisterAsync($"hall-{unique}", "主会场大屏 Main hall", "leaderboard", "1920x1080", small.CompetitionId);
        var commands = await hall.SubscribeAsync("displays");
        await hall.ReportRenderedAsync(channel, (await hall.SubscribeAsync(channel)).Head);
        await using var lobby = await ControlHubClient.ConnectAsync(Server, key);
        await lobby.RegisterAsync($"lobby-{unique}", "大厅竖屏 Lobby portrait", "progress", "1080x1920", small.CompetitionId, "zh", "1.3.2");
        await lobby.ReportRenderedAsync(channel, (await lobby.SubscribeAsync(channel)).Head);
        await small.Mark(Admin, "C-01", "A1.3", 4);
        await hall.ReportRenderedAsync(channel, (await hall.SubscribeAsync(channel)).Head);

        // The operator opens the desk, signs in on the shared page and comes back.
        var userName = await CreateOperatorAsync();
        var desk = await browser.NewPageAsync(Laptop);
        await desk.GotoAsync("/control/");
        // The URL, not a navigation, is awaited: the redirect can land before the first page's load event.
        await Expect(desk).ToHaveURLAsync(new Regex(@"/signin\.html\?return=%2Fcontrol%2F$"), new() { Timeout = 15_000 });
        await desk.Locator("input[name=userName]").FillAsync(userName);
        await desk.Locator("input[name=password]").FillAsync(OperatorPassword);
        await desk.Locator("button[type=submit]").ClickAsync();
        // The desk then records its state in the URL (?competition=…#displays).
        await Expect(desk).ToHaveURLAsync(new Regex(@"/control/([?#].*)?$"), new() { Timeout = 15_000 });
        // From here on (the signed-out visit logs its 401 from /api/account/me) nothing may go wrong in the page.
        var problems = CollectProblems(desk);
        await Expect(desk.Locator("#live-state")).ToHaveTextAsync("实时 Live", Soon);

        var hallRow = Row(desk, $"hall-{unique}");
        await Expect(hallRow).ToContainTextAsync("主会场大屏 Main hall", SoonContains);
        await Expect(hallRow.Locator("td.state")).ToContainTextAsync("在线 Online");
        await Expect(hallRow.Locator("td.viewport")).ToContainTextAsync("1920×1080");
        await Expect(hallRow.Locator("td.viewport")).ToContainTextAsync("v1.4.0");
        await Expect(hallRow.Locator("td.page")).ToContainTextAsync("实时排行 Leaderboard");
        await Expect(hallRow.Locator("td.competition")).ToContainTextAsync("数控铣工");
        await Expect(hallRow.Locator("td.seq .chip.behind")).ToHaveCountAsync(0);
        var lobbyRow = Row(desk, $"lobby-{unique}");
        await Expect(lobbyRow).ToHaveClassAsync(new Regex(@"\bbehind\b"), new() { Timeout = 10_000 });
        await Expect(lobbyRow.Locator($"td.seq [data-channel='{channel}'] .chip.behind")).ToContainTextAsync("落后 behind");

        // Step one picks the display, step two sends the message; the screen receives it as its own directive.
        await hallRow.Locator("[data-action=control]").ClickAsync();
        await Expect(desk.Locator("#target")).ToHaveValueAsync($"hall-{unique}");
        await desk.Locator("#cmd-message").FillAsync("午休,14:00 继续 · Lunch break, back at 14:00");
        await desk.Locator("#cmd-show-message").ClickAsync();
        var directive = await hall.WaitForAsync(e => e.Type == "directive" && e.Id == $"hall-{unique}" && e.Seq > commands.Head, "message directive");
        Assert.Equal("午休,14:00 继续 · Lunch break, back at 14:00", directive.Data!.Value.GetProperty("message").GetString());
        await Expect(hallRow.Locator("td.directive")).ToContainTextAsync("午休,14:00 继续", SoonContains);
        await Expect(desk.Locator("#target-directive")).ToContainTextAsync("Lunch break");
        // Only the hall was told: the lobby has no directive of its own (at most one to all, from another test).
        await Expect(lobbyRow.Locator("td.directive")).Not.ToContainTextAsync("午休");
        await Expect(lobbyRow.Locator("td.directive .tag.own")).ToHaveCountAsync(0);

        await Screenshot(desk, "control-registry-1366");

        // A page for every display, from the same form with the target set back to all.
        await desk.Locator("#target").SelectOptionAsync("all");
        await desk.Locator("#cmd-page").SelectOptionAsync("awards");
        await desk.Locator("#cmd-switch").ClickAsync();
        var toAll = await hall.WaitForAsync(e => e.Type == "directive" && e.Id == "all" && e.Seq > commands.Head, "directive to all");
        Assert.Equal("awards", toAll.Data!.Value.GetProperty("page").GetString());
        await Expect(lobbyRow.Locator("td.directive")).ToContainTextAsync("获奖名单", SoonContains);

        // Black out the hall from its row; the button then offers to restore it.
        await hallRow.Locator("[data-action=blackout]").ClickAsync();
        await hall.WaitForAsync(e => e.Type == "directive" && e.Id == $"hall-{unique}" && e.Data!.Value.GetProperty("blackout").GetBoolean(), "blackout");
        await Expect(hallRow.Locator("[data-action=blackout]")).ToContainTextAsync("恢复", SoonContains);
        await Expect(hallRow.Locator("td.directive .chip.blackout")).ToBeVisibleAsync();

        // "Follow all" deletes the hall's own directive: it gets a deletion (data null) and the button goes away.
        await hallRow.Locator("[data-action=follow-all]").ClickAsync();
        await hall.WaitForAsync(e => e.Type == "directive" && e.Id == $"hall-{unique}" && e.Data is null, "follow all");
        await Expect(hallRow.Locator("[data-action=follow-all]")).ToHaveCountAsync(0);

        // A screen that goes away shows as offline at the next poll.
        await lobby.DisposeAsync();
        await Expect(lobbyRow.Locator("td.state")).ToContainTextAsync("离线 Offline", SoonContains);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task RealScreenRegistersAndShowsTheOperatorsMessage()
    {
        var small = await SmallCompetition.CreateAsync(Admin);
        var key = (await Admin.PostOk("/api/displays/keys", new { name = "东厅 East hall" }, HttpStatusCode.OK))["key"]!.GetValue<string>();
        var displayId = $"east-{Guid.NewGuid().ToString("N")[..6]}";
        var screen = await browser.NewPageAsync(new ViewportSize { Width = 1920, Height = 1080 });
        await screen.GotoAsync($"/displays/screen.html?key={key}&competition={small.CompetitionId}&display={displayId}&name={Uri.EscapeDataString("东厅大屏 East hall")}");

        var (desk, problems) = await OpenAsOperatorAsync("/control/");
        var row = Row(desk, displayId);
        await Expect(row.Locator("td.display")).ToContainTextAsync("东厅大屏 East hall", SoonContains);
        await Expect(row.Locator("td.state")).ToContainTextAsync("在线 Online");
        await Expect(row.Locator("td.viewport")).ToContainTextAsync("1920×1080");

        await row.Locator("[data-action=control]").ClickAsync();
        await desk.Locator("#cmd-message").FillAsync("颁奖仪式 15:30 开始 · Award ceremony at 15:30");
        await desk.Locator("#cmd-message").PressAsync("Enter");
        await Expect(screen.Locator("#banner")).ToContainTextAsync("颁奖仪式 15:30 开始", SoonContains);
        await desk.Locator("#cmd-clear-message").ClickAsync();
        await Expect(screen.Locator("#banner")).ToBeHiddenAsync(new() { Timeout = 10_000 });
        Assert.Empty(problems);
    }

    [Fact]
    public async Task OperatorDrivesTheCeremonyStepByStep()
    {
        var final = await ControlFinal.CreateAsync(Admin);
        var channel = $"competition:{final.CompetitionId}";
        await using var viewer = await ControlHubClient.ConnectAsync(Server);
        await viewer.SubscribeAsync(channel);

        // The refused start below is logged by Chromium as a failed request: expected, not a problem.
        var (desk, problems) = await OpenAsOperatorAsync($"/control/?competition={final.CompetitionId}#ceremony", "status of 409");
        await Expect(desk.Locator("#final-state")).ToContainTextAsync("决赛未全部锁定", SoonContains);

        // The server refuses a ceremony before the final is locked, and the desk says why.
        await desk.Locator("#ceremony-start").ClickAsync();
        await Expect(desk.Locator("#ceremony-error")).ToContainTextAsync("决赛所有模块锁定后才能颁奖", SoonContains);

        await final.LockFinalAsync(Admin);
        await Expect(desk.Locator("#final-state")).ToHaveAttributeAsync("data-ready", "true", SoonAttribute);

        await desk.Locator("#ceremony-screens").ClickAsync();
        await Expect(desk.Locator("#toasts")).ToContainTextAsync("全部显示屏已切到", SoonContains);
        await desk.Locator("#ceremony-start").ClickAsync();
        await ExpectStep(desk, viewer, 0, "第 1/9 步 · 开场");
        await Expect(desk.Locator("#ceremony-error")).ToHaveTextAsync("");

        // Space with the focus on nothing in particular, then on the Next button itself: one step each, never two.
        await desk.Locator("body").ClickAsync(new() { Position = new() { X = 5, Y = 700 } });
        await desk.Keyboard.PressAsync("Space");
        await ExpectStep(desk, viewer, 1, "第 2/9 步 · 颁奖:铜奖 欧阳明轩");
        await desk.Locator("#ceremony-next").FocusAsync();
        await desk.Keyboard.PressAsync("Space");
        await ExpectStep(desk, viewer, 2, "第 3/9 步 · 揭晓:第 4 名 欧阳明轩");
        await desk.Keyboard.PressAsync("ArrowRight");
        await ExpectStep(desk, viewer, 3, "第 4/9 步 · 颁奖:银奖 王芳");
        await desk.Keyboard.PressAsync("ArrowLeft");
        await ExpectStep(desk, viewer, 2, "第 3/9 步 · 揭晓:第 4 名 欧阳明轩");
        for (var step = 3; step <= 7; step++)
        {
            await desk.Locator("#ceremony-next").ClickAsync();
            await Expect(desk.Locator("#ceremony-step")).ToHaveAttributeAsync("data-step", step.ToString(), SoonAttribute);
        }
        await ExpectStep(desk, viewer, 7, "第 8/9 步 · 颁奖:金奖 张伟 / Step 8 of 9 · Award: Gold Zhang Wei");
        await Expect(desk.Locator("#ceremony-preview .pv-award.Gold .pv-name")).ToHaveTextAsync("张伟");
        await Screenshot(desk, "control-ceremony-award-1366");

        await desk.Keyboard.PressAsync("ArrowRight");
        await ExpectStep(desk, viewer, 8, "第 9/9 步 · 揭晓:第 1 名 张伟");
        await Expect(desk.Locator("#ceremony-preview tr[data-bib]")).ToHaveCountAsync(4);
        await Expect(desk.Locator("#ceremony-preview tr.newest")).ToHaveAttributeAsync("data-bib", "C-01");
        await Expect(desk.Locator("#ceremony-next")).ToBeDisabledAsync();

        // Freezing takes two clicks: the first only asks.
        await desk.Locator("#freeze-toggle").ClickAsync();
        await Expect(desk.Locator("#freeze-confirm")).ToBeVisibleAsync();
        await Screenshot(desk, "control-ceremony-final-1366");
        Assert.Null((await (await Admin.GetAsync(final.Base)).Json(HttpStatusCode.OK))["frozenAt"]);
        await desk.Locator("#freeze-yes").ClickAsync();
        var frozen = await viewer.WaitForAsync(e => e.Type == "freeze" && e.Data!.Value.GetProperty("frozen").GetBoolean(), "freeze");
        await Expect(desk.Locator("#freeze-state")).ToHaveAttributeAsync("data-frozen", "true", SoonAttribute);
        await desk.Locator("#freeze-toggle").ClickAsync();
        await desk.Locator("#freeze-yes").ClickAsync();
        await viewer.WaitForAsync(e => e.Type == "freeze" && e.Seq > frozen.Seq && !e.Data!.Value.GetProperty("frozen").GetBoolean(), "unfreeze");
        await Expect(desk.Locator("#freeze-state")).ToHaveAttributeAsync("data-frozen", "false", SoonAttribute);

        await desk.Locator("#ceremony-end").ClickAsync();
        await viewer.WaitForAsync(e => e.Type == "ceremony" && !e.Data!.Value.GetProperty("active").GetBoolean(), "ceremony end");
        await Expect(desk.Locator("#ceremony-count")).ToContainTextAsync("已结束", SoonContains);
        Assert.Empty(problems);
    }

    [Fact]
    public async Task KeyIsShownOnceAndCanBeRevoked()
    {
        var (desk, problems) = await OpenAsOperatorAsync("/control/#keys");
        var name = $"演播室 OBS {Guid.NewGuid().ToString("N")[..4]}";
        await desk.Locator("#new-key input[name=name]").FillAsync(name);
        await desk.Locator("#new-key button[type=submit]").ClickAsync();

        await Expect(desk.Locator("#issued")).ToBeVisibleAsync();
        var key = await desk.Locator("#issued-key").TextContentAsync() ?? "";
        Assert.True(key.Length >= 20, $"key '{key}' looks too short");
        Assert.Equal($"{Server}displays/screen.html?key={key}", await desk.Locator("#issued-screen").InputValueAsync());
        Assert.Contains($"key={key}", await desk.Locator("#issued-overlay").InputValueAsync());
        var row = desk.Locator("#key-rows tr", new() { HasText = name });
        await Expect(row.Locator(".key-state")).ToHaveTextAsync("有效 Active", Soon);
        await Screenshot(desk, "control-keys-1366");

        // The key works on the hub: a screen with it may take directives.
        Assert.True(await CanTakeDirectivesAsync(key));

        // Once saved it is gone from the page, and a reload cannot bring it back (the server keeps only a hash).
        await desk.Locator("#issued-done").ClickAsync();
        await Expect(desk.Locator("#issued")).ToBeHiddenAsync();
        Assert.DoesNotContain(key, await desk.ContentAsync());
        await desk.ReloadAsync();
        await Expect(row).ToBeVisibleAsync(new() { Timeout = 10_000 });
        Assert.DoesNotContain(key, await desk.ContentAsync());

        // Revoking asks first; only the second click revokes.
        await row.Locator("[data-action=revoke]").ClickAsync();
        await Expect(row.Locator("[data-action=confirm-revoke]")).ToBeVisibleAsync();
        var listed = (await (await Admin.GetAsync("/api/displays/keys")).Json(HttpStatusCode.OK)).AsArray()
            .Single(k => k!["name"]!.GetValue<string>() == name)!;
        Assert.False(listed["revoked"]!.GetValue<bool>());
        await row.Locator("[data-action=confirm-revoke]").ClickAsync();
        await Expect(row.Locator(".key-state")).ToHaveTextAsync("已吊销 Revoked", Soon);
        await Expect(row.Locator("[data-action=revoke]")).ToHaveCountAsync(0);

        // A screen that connects with the revoked key is an anonymous viewer: no directives for it.
        Assert.False(await CanTakeDirectivesAsync(key), "a revoked key still subscribes to directives");
        Assert.Empty(problems);
    }

    async Task<bool> CanTakeDirectivesAsync(string key)
    {
        try
        {
            await using var screen = await ControlHubClient.ConnectAsync(Server, key);
            await screen.SubscribeAsync("displays");
            return true;
        }
        catch (Exception e) when (e is HubException or HttpRequestException) { return false; }
    }

    /// The desk shows the step, and a public viewer on the hub received the very same step.
    static async Task ExpectStep(IPage desk, ControlHubClient viewer, int step, string text)
    {
        await Expect(desk.Locator("#ceremony-step")).ToContainTextAsync(text, SoonContains);
        var seen = await viewer.WaitForAsync(e => e.Type == "ceremony" && e.Data!.Value.GetProperty("step").GetInt32() == step, $"ceremony step {step}");
        Assert.True(seen.Data!.Value.GetProperty("active").GetBoolean());
        Assert.Equal(9, seen.Data!.Value.GetProperty("totalSteps").GetInt32());
    }

    async Task<string> CreateOperatorAsync()
    {
        var userName = $"display-{Guid.NewGuid():N}"[..16];
        await Admin.PostOk("/api/accounts", new { userName, displayName = "大屏操作员 王静 Wang Jing", password = OperatorPassword, roles = new[] { "display-operator" } });
        return userName;
    }

    async Task<(IPage Page, List<string> Problems)> OpenAsOperatorAsync(string url, string? expectedConsoleError = null)
    {
        var userName = await CreateOperatorAsync();
        var page = await browser.NewPageAsync(Laptop);
        var problems = CollectProblems(page, expectedConsoleError);
        var response = await page.Context.APIRequest.PostAsync("/api/account/sign-in", new() { DataObject = new { userName, password = OperatorPassword } });
        Assert.True(response.Ok, $"sign-in failed: {response.Status} {await response.TextAsync()}");
        await page.GotoAsync(url);
        await Expect(page.Locator("#who")).ToHaveTextAsync("大屏操作员 王静 Wang Jing", Soon);
        return (page, problems);
    }

    static ILocator Row(IPage page, string displayId) => page.Locator($"#registry-rows tr[data-display-id='{displayId}']");

    static async Task Screenshot(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}.png") });
    }

    static List<string> CollectProblems(IPage page, string? expectedConsoleError = null)
    {
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add($"pageerror: {error}");
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !(expectedConsoleError is not null && message.Text.Contains(expectedConsoleError)))
                problems.Add($"console: {message.Text}");
        };
        return problems;
    }
}
