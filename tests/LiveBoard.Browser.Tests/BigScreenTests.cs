using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using LiveBoard.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveBoard.Browser.Tests;

/// The venue big screen (displays/screen.html) in real Chromium against a real server: each page shows what is
/// submitted through the API, the ceremony keeps screens in step, the control desk's directives apply, and a screen
/// comes back by itself after the server restarts.
public sealed class BigScreenTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IAsyncLifetime
{
    // Screens left open would keep their live connections (heads, reports) on the shared server for the next tests.
    readonly List<IBrowserContext> contexts = [];

    // Generous for a loaded CI machine; a pass takes well under a second.
    static readonly LocatorAssertionsToHaveTextOptions Soon = new() { Timeout = 15_000 };
    static readonly LocatorAssertionsToHaveAttributeOptions SoonAttribute = new() { Timeout = 15_000 };
    static readonly LocatorAssertionsToBeVisibleOptions SoonVisible = new() { Timeout = 15_000 };
    static readonly ViewportSize FullHd = new() { Width = 1920, Height = 1080 };

    [Fact]
    public async Task LeaderboardShowsAMarkWithStatusMovesTheRowAndDrawsTheAdvancementLine()
    {
        var t = await ScreenCompetition.CreateAsync(browser.Api);
        var page = await OpenScreenAsync(await IssueKeyAsync(), t, "pages=leaderboard");
        var problems = ScreenPage.CollectProblems(page);
        await ScreenPage.WaitLiveAsync(page);
        await Expect(Row(page, "C-06")).ToHaveAttributeAsync("data-rank", "1");
        // Nobody has a mark: six rows, all sharing rank 1.
        Assert.Equal(6, await page.Locator(".lb-row").CountAsync());
        await Expect(Row(page, "C-06").Locator(".tie")).ToBeVisibleAsync();

        // Record which rows get animated: on a loaded machine the 0.9 s slide may be over before a poll would see it.
        await page.EvaluateAsync("""
            () => {
              const animate = Element.prototype.animate;
              window.__slid = [];
              Element.prototype.animate = function (frames, options) {
                if (this.classList.contains("lb-row") && String(frames[0]?.transform ?? "").startsWith("translateY")) window.__slid.push(this.dataset.bib);
                return animate.call(this, frames, options);
              };
            }
            """);

        await t.Mark(browser.Api, "C-06", "A1.3", 4);

        // The row slides from the bottom to the top (FLIP), and the others make room.
        await Expect(Row(page, "C-06").Locator(".total")).ToHaveTextAsync("4.00", Soon);
        await Expect(Row(page, "C-06")).ToHaveAttributeAsync("data-rank", "1");
        var slid = await page.EvaluateAsync<string[]>("window.__slid");
        Assert.Contains("C-06", slid);
        Assert.Contains("C-05", slid);
        Assert.Equal("C-06", await page.Locator(".lb-row").First.GetAttributeAsync("data-bib"));
        await Expect(Row(page, "C-06").Locator(".lb-status")).ToHaveTextAsync("进行中LIVE");
        await Expect(Row(page, "C-06")).ToHaveAttributeAsync("data-status", "Live");

        await t.Mark(browser.Api, "C-02", "A1.2", 2);
        await Expect(Row(page, "C-02")).ToHaveAttributeAsync("data-rank", "2", SoonAttribute);
        // Top 2 advance: the line is drawn under rank 2, and only there.
        await Expect(page.Locator(".lb-row.line-after")).ToHaveCountAsync(1);
        await Expect(Row(page, "C-02")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("line-after"));
        await Expect(Row(page, "C-02")).ToHaveAttributeAsync("data-line-label", "晋级线 Advancement line");
        Assert.Empty(problems);
    }

    [Fact]
    public async Task ProgressPageShowsTheAspectsMarkedPerCompetitor()
    {
        var t = await ScreenCompetition.CreateAsync(browser.Api);
        var page = await OpenScreenAsync(await IssueKeyAsync(), t, "pages=progress");
        await ScreenPage.WaitLiveAsync(page);
        var item = page.Locator(".progress-item[data-bib='C-04']");
        await Expect(item.Locator(".p-count")).ToHaveTextAsync("0 / 3", Soon);

        await t.Mark(browser.Api, "C-04", "A1.1", 1);
        await t.Mark(browser.Api, "C-04", "A1.2", 2);

        await Expect(item.Locator(".p-count")).ToHaveTextAsync("2 / 3", Soon);
        Assert.Equal("66.7%", await item.Locator(".p-fill").EvaluateAsync<string>("e => e.style.width"));
        await Expect(page.Locator(".page-progress .cap-note[data-overall]")).ToHaveAttributeAsync("data-overall", "2/18");
    }

    [Fact]
    public async Task ScheduleCountsDownOnTheClientInShanghaiTimeAndFollowsModuleStatus()
    {
        var t = await ScreenCompetition.CreateAsync(browser.Api);
        var page = await OpenScreenAsync(await IssueKeyAsync(), t, "pages=schedule");
        await ScreenPage.WaitLiveAsync(page);
        var prelim = page.Locator($".module-row[data-module='{t.PrelimModuleId}']");
        var final = page.Locator($".module-row[data-module='{t.FinalModuleId}']");
        await Expect(prelim).ToHaveAttributeAsync("data-status", "Live", SoonAttribute);
        // P1 ends two hours after the test made it: about 1:59:xx to go, counted by the page every second.
        await Expect(prelim.Locator(".m-countdown .zh")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^距结束 1:5\d:\d\d$"));
        await Expect(final.Locator(".m-countdown .zh")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^距开始 2[34]:\d\d:\d\d$"));
        var before = await page.Locator("#schedule-clock").TextContentAsync();
        await Expect(page.Locator("#schedule-clock")).Not.ToHaveTextAsync(before!, new() { Timeout = 3_000 });
        var shanghai = TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));
        Assert.StartsWith(shanghai.ToString("HH:mm")[..4], await page.Locator("#schedule-clock").TextContentAsync());

        await t.ModuleStatus(browser.Api, t.PrelimModuleId, "Closed");

        await Expect(prelim).ToHaveAttributeAsync("data-status", "Closed", SoonAttribute);
        await Expect(prelim.Locator(".m-status")).ToHaveTextAsync("已结束Closed");
    }

    [Fact]
    public async Task HighlightsAndTickerAnnounceANewLeader()
    {
        var t = await ScreenCompetition.CreateAsync(browser.Api);
        var page = await OpenScreenAsync(await IssueKeyAsync(), t, "pages=highlights");
        await ScreenPage.WaitLiveAsync(page);

        await t.Mark(browser.Api, "C-04", "A1.3", 4);

        var leader = page.Locator(".highlight[data-kind='leader']").First;
        await Expect(leader).ToContainTextAsync("预赛新领先:欧阳明轩 4.00 分", new() { Timeout = 15_000 });
        await Expect(leader).ToContainTextAsync("New leader in Preliminary: Ouyang Mingxuan 4.00");
        await Expect(page.Locator(".leader-row[data-bib='C-04']")).ToBeVisibleAsync();
        await Expect(page.Locator("#ticker-track")).ToContainTextAsync("欧阳明轩");
    }

    [Fact]
    public async Task AwardsAndSeriesPagesFollowTheFinalToOfficialResults()
    {
        var t = await ScreenCompetition.CreateAsync(browser.Api);
        var key = await IssueKeyAsync();
        var awards = await OpenScreenAsync(key, t, "pages=awards");
        var series = await OpenScreenAsync(key, t, "pages=series");
        await ScreenPage.WaitLiveAsync(awards);
        await ScreenPage.WaitLiveAsync(series);
        await Expect(series.Locator($".series-comp[data-competition='{t.CompetitionId}']")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("current"));

        await t.PlayLockedFinalAsync(browser.Api);

        var gold = awards.Locator(".medallist[data-medal='Gold']");
        await Expect(gold).ToHaveAttributeAsync("data-bib", "C-01", SoonAttribute);
        await Expect(gold.Locator(".lb-status")).ToHaveAttributeAsync("data-status", "Official", SoonAttribute);
        await Expect(awards.Locator(".medallist")).ToHaveCountAsync(3);
        await Expect(awards.Locator(".org-row").First).ToContainTextAsync("上海");
        // The series medal table counts official results: each organisation's medals, and the final's stage chip is done.
        await Expect(series.Locator(".medal-row[data-organisation]")).ToHaveCountAsync(2, new() { Timeout = 15_000 });
        await Expect(series.Locator($".series-comp[data-competition='{t.CompetitionId}'] .stage-chip[data-stage='{t.FinalId}']"))
            .ToHaveAttributeAsync("data-state", "Locked", SoonAttribute);
    }

    [Fact]
    public async Task CeremonyRevealsBottomUpAndTwoScreensShowTheSameStep()
    {
        var t = await ScreenCompetition.CreateAsync(browser.Api);
        await t.PlayLockedFinalAsync(browser.Api);
        var key = await IssueKeyAsync();
        // Two screens on different pages: the ceremony takes over both.
        var left = await OpenScreenAsync(key, t, "pages=leaderboard");
        var right = await OpenScreenAsync(key, t, "pages=series,awards&lang=en");
        await ScreenPage.WaitLiveAsync(left);
        await ScreenPage.WaitLiveAsync(right);

        await Ceremony("start");
        foreach (var screen in new[] { left, right })
        {
            await Expect(screen.Locator("#ceremony")).ToBeVisibleAsync(SoonVisible);
            await Expect(screen.Locator("#ceremony")).ToHaveAttributeAsync("data-step", "0", SoonAttribute);
            // Nothing revealed yet: six "?" rows.
            await Expect(screen.Locator(".cer-row[data-state='hidden']")).ToHaveCountAsync(6);
        }

        // Steps: 0 start, 1–3 reveal C-06, C-05, C-04 (no medal), 4 the bronze citation for C-03.
        for (var i = 0; i < 3; i++) await Ceremony("next");
        foreach (var screen in new[] { left, right })
        {
            await Expect(screen.Locator("#ceremony")).ToHaveAttributeAsync("data-step", "3", SoonAttribute);
            await Expect(screen.Locator(".cer-row[data-state='revealed']")).ToHaveCountAsync(3);
            await Expect(screen.Locator(".cer-row[data-state='revealed']").First).ToHaveAttributeAsync("data-bib", "C-04");
            // The next row to reveal is C-03's place, still a placeholder above the revealed rows.
            await Expect(screen.Locator(".cer-row.next")).ToHaveAttributeAsync("data-state", "hidden");
        }
        await left.ScreenshotAsync(new() { Path = ScreenPage.Screenshot("ceremony-reveal-zh-en-1920x1080") });

        await Ceremony("next");
        foreach (var screen in new[] { left, right })
        {
            await Expect(screen.Locator("#ceremony")).ToHaveAttributeAsync("data-step", "4", SoonAttribute);
            await Expect(screen.Locator("#ceremony")).ToHaveAttributeAsync("data-kind", "Award");
            await Expect(screen.Locator(".citation")).ToHaveAttributeAsync("data-bib", "C-03");
            await Expect(screen.Locator(".citation")).ToHaveAttributeAsync("data-medal", "Bronze");
        }
        await Expect(left.Locator(".citation .ct-name")).ToContainTextAsync("王芳");
        await Expect(right.Locator(".citation .ct-name")).ToBeVisibleAsync();
        await right.ScreenshotAsync(new() { Path = ScreenPage.Screenshot("ceremony-award-en-1920x1080") });

        // Ending the ceremony hands the screens back to their pages.
        await Ceremony("end");
        await Expect(left.Locator("#ceremony")).ToBeHiddenAsync(new() { Timeout = 15_000 });
        await Expect(left.Locator("body")).ToHaveAttributeAsync("data-page", "leaderboard");

        async Task Ceremony(string action) =>
            await browser.Api.PostOk($"{t.Base}/ceremony", new { action }, HttpStatusCode.OK);
    }

    [Fact]
    public async Task DirectivesSwitchThePageBlackOutAndShowAMessageAndTheRegistryListsTheScreen()
    {
        var t = await ScreenCompetition.CreateAsync(browser.Api);
        var displayId = $"hall-{Guid.NewGuid():N}"[..13];
        var page = await OpenScreenAsync(await IssueKeyAsync(), t, $"pages=leaderboard,progress&rotate=600&display={displayId}&name=主会场");
        await ScreenPage.WaitLiveAsync(page);

        var listed = await WaitForDisplayAsync(displayId, d => d.GetProperty("online").GetBoolean());
        Assert.Equal("leaderboard,progress", listed.GetProperty("page").GetString());
        Assert.Equal("1920x1080", listed.GetProperty("viewport").GetString());
        Assert.Equal(t.CompetitionId, listed.GetProperty("competitionId").GetInt32());
        // Reported every five seconds: the desk sees the sequence the screen rendered on its competition's channel.
        listed = await WaitForDisplayAsync(displayId, d => d.GetProperty("rendered").TryGetProperty($"competition:{t.CompetitionId}", out _));
        Assert.False(listed.GetProperty("behind").GetBoolean());

        await Direct(new { displayId, page = "schedule" });
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-page", "schedule", SoonAttribute);
        await Expect(page.Locator("section[data-page='schedule']")).ToBeVisibleAsync();
        await WaitForDisplayAsync(displayId, d => d.GetProperty("page").GetString() == "schedule");

        await Direct(new { displayId, blackout = true });
        await Expect(page.Locator("#blackout")).ToBeVisibleAsync(SoonVisible);
        await page.ScreenshotAsync(new() { Path = ScreenPage.Screenshot("directive-blackout") });
        Assert.True(await page.EvaluateAsync<bool>("""
            (() => { const r = document.getElementById("blackout").getBoundingClientRect();
                     return r.left <= 0 && r.top <= 0 && r.right >= innerWidth && r.bottom >= innerHeight; })()
            """), "the blackout does not cover the screen");

        await Direct(new { displayId, blackout = false, message = "午休 12:00–13:00 Lunch break" });
        await Expect(page.Locator("#blackout")).ToBeHiddenAsync(new() { Timeout = 15_000 });
        await Expect(page.Locator("#banner")).ToHaveTextAsync("午休 12:00–13:00 Lunch break", Soon);
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-page", "schedule");
        await page.ScreenshotAsync(new() { Path = ScreenPage.Screenshot("directive-message") });

        await Direct(new { displayId, language = "en", clearMessage = true });
        await Expect(page.Locator("body")).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("lang-en"), new() { Timeout = 15_000 });
        await Expect(page.Locator("#banner")).ToBeHiddenAsync();

        async Task Direct(object body) => await browser.Api.PostOk("/api/displays/directives", body, HttpStatusCode.OK);
    }

    [Fact]
    public async Task ScreenRecoversAfterServerRestart()
    {
        await using var server = new ScreenRestartableServer();
        await server.StartAsync();
        var admin = await server.CreateAdminClientAsync();
        var t = await ScreenCompetition.CreateAsync(admin);
        var key = (await admin.PostOk("/api/displays/keys", new { name = "restart" }, HttpStatusCode.OK))["key"]!.GetValue<string>();
        var displayId = $"restart-{Guid.NewGuid():N}"[..16];
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = server.BaseAddress.ToString(), ViewportSize = FullHd, Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
        });
        var page = await context.NewPageAsync();
        var navigations = 0;
        page.FrameNavigated += (_, frame) => { if (frame == page.MainFrame) navigations++; };
        await page.GotoAsync(ScreenUrl(key, t, $"pages=leaderboard&display={displayId}"));
        await ScreenPage.WaitLiveAsync(page);
        await t.Mark(admin, "C-01", "A1.3", 4);
        await Expect(Row(page, "C-01").Locator(".total")).ToHaveTextAsync("4.00", Soon);
        await page.EvaluateAsync("window.__screenBeforeRestart = 'still here'");

        await server.KillAsync();

        // The link is lost: the last good frame stays, with a discreet "last updated" marker, never an error.
        await Expect(page.Locator("#link-marker")).ToBeVisibleAsync(SoonVisible);
        await Expect(page.Locator("#link-marker")).ToContainTextAsync("最后更新");
        await Expect(page.Locator("#link-marker")).ToContainTextAsync("Last updated");
        await Expect(Row(page, "C-01").Locator(".total")).ToHaveTextAsync("4.00");
        await page.ScreenshotAsync(new() { Path = ScreenPage.Screenshot("restart-offline-marker") });

        var restartedAt = DateTimeOffset.UtcNow;
        await server.StartAsync();
        admin = await server.CreateAdminClientAsync();
        await t.Mark(admin, "C-02", "A1.2", 2);

        // Back by itself: the reconnect resumes from the last seq and shows the mark made after the restart.
        await Expect(Row(page, "C-02").Locator(".total")).ToHaveTextAsync("2.00", new() { Timeout = 45_000 });
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-link", "live", SoonAttribute);
        await Expect(page.Locator("#link-marker")).ToBeHiddenAsync();
        Assert.Equal("still here", await page.EvaluateAsync<string>("window.__screenBeforeRestart"));
        Assert.Equal(1, navigations);
        // And registered again on the new server process (the registry only hears from a registered connection).
        var displays = await admin.GetFromJsonAsync<JsonElement>("/api/displays");
        for (var i = 0; i < 100 && !Seen(displays); i++)
        {
            await Task.Delay(200);
            displays = await admin.GetFromJsonAsync<JsonElement>("/api/displays");
        }
        Assert.True(Seen(displays), $"the screen did not register again after the restart: {displays}");
        await context.CloseAsync();
        admin.Dispose();

        bool Seen(JsonElement list) => list.EnumerateArray().Any(d => d.GetProperty("displayId").GetString() == displayId
            && d.GetProperty("online").GetBoolean() && d.GetProperty("lastSeen").GetDateTimeOffset() > restartedAt);
    }

    [Fact]
    public async Task EveryPageFitsTheTitleSafeAreaInEveryLanguageAndSize()
    {
        var t = await ScreenCompetition.CreateAsync(browser.Api);
        var key = await IssueKeyAsync();
        // Enough data that every page has rows: preliminary marks (a tie, an advancement line), the final played and
        // locked (medallists, medal table), and a correction after the lock (a highlight).
        foreach (var (bib, aspect, value) in new[] { ("C-01", "A1.3", 4.0), ("C-02", "A1.3", 4.0), ("C-03", "A1.2", 2.0), ("C-04", "A1.1", 1.0) })
            await t.Mark(browser.Api, bib, aspect, value);
        await t.PlayLockedFinalAsync(browser.Api);

        var problems = new List<string>();
        foreach (var (viewport, languages) in new[] { (FullHd, new[] { "zh-en", "zh", "en" }), (new ViewportSize { Width = 1280, Height = 720 }, ["zh-en"]) })
        {
            var size = $"{viewport.Width}x{viewport.Height}";
            var page = await OpenScreenAsync(key, t, "pages=leaderboard", viewport, reducedMotion: true);
            await ScreenPage.WaitLiveAsync(page);
            await Expect(Row(page, "C-01").Locator(".total")).ToHaveTextAsync("4.00", Soon);
            await page.EvaluateAsync("document.fonts.ready");
            Assert.True(await page.EvaluateAsync<bool>(
                "[...document.fonts].some(f => f.family.replaceAll('\"', '') === 'Noto Sans SC' && f.status === 'loaded')"), "Noto Sans SC not loaded");
            // Reduced motion: nothing moves (no FLIP, no ticker, no fades).
            Assert.Equal(0, await page.EvaluateAsync<int>("document.getAnimations().length"));
            if (viewport == FullHd)
            {
                // A correction after the lock is news on the highlights page and the ticker.
                var mark = (await browser.Api.GetFromJsonAsync<JsonElement>($"{t.Base}/marks?competitorId={t.Competitors["C-06"]}"))
                    .EnumerateArray().Last();
                await browser.Api.PostOk($"{t.Base}/marks/{mark.GetProperty("id").GetInt64()}/corrections", new { value = 0, reason = "复核 Re-measured" });
            }
            foreach (var language in languages)
            {
                await page.EvaluateAsync($"liveboardScreen.setLanguage('{language}')");
                foreach (var name in new[] { "leaderboard", "progress", "schedule", "highlights", "awards", "series" })
                {
                    await page.EvaluateAsync($"liveboardScreen.show('{name}')");
                    await Expect(page.Locator($"section[data-page='{name}']")).ToBeVisibleAsync();
                    problems.AddRange(await ScreenPage.LayoutProblemsAsync(page, $"{name} {language} {size}"));
                    await page.ScreenshotAsync(new() { Path = ScreenPage.Screenshot($"screen-{name}-{language}-{size}") });
                }
            }
            await page.Context.CloseAsync();
        }

        // The light theme (off-white, never pure white), on the final chosen by ?stage=: medal places and official results.
        var light = await OpenScreenAsync(key, t, $"pages=leaderboard&theme=light&stage={t.FinalId}", FullHd, reducedMotion: true);
        await Expect(Row(light, "C-01").Locator(".total")).ToHaveTextAsync("7.00", Soon);
        await Expect(Row(light, "C-01")).ToHaveAttributeAsync("data-medal", "Gold");
        await Expect(Row(light, "C-03").Locator(".lb-status")).ToHaveAttributeAsync("data-status", "Official");
        await light.EvaluateAsync("document.fonts.ready");
        problems.AddRange(await ScreenPage.LayoutProblemsAsync(light, "leaderboard light 1920x1080"));
        await light.ScreenshotAsync(new() { Path = ScreenPage.Screenshot("screen-leaderboard-light-1920x1080") });
        await light.Context.CloseAsync();

        // The ceremony in each language at both sizes: one reveal step and one citation.
        await browser.Api.PostOk($"{t.Base}/ceremony", new { action = "start" }, HttpStatusCode.OK);
        for (var i = 0; i < 3; i++) await browser.Api.PostOk($"{t.Base}/ceremony", new { action = "next" }, HttpStatusCode.OK);
        foreach (var (viewport, language) in new[] { (FullHd, "zh-en"), (FullHd, "zh"), (FullHd, "en"), (new ViewportSize { Width = 1280, Height = 720 }, "zh-en") })
        {
            var size = $"{viewport.Width}x{viewport.Height}";
            var page = await OpenScreenAsync(key, t, $"pages=leaderboard&lang={language}", viewport, reducedMotion: true);
            await Expect(page.Locator("#ceremony")).ToHaveAttributeAsync("data-step", "3", SoonAttribute);
            await page.EvaluateAsync("document.fonts.ready");
            problems.AddRange(await ScreenPage.LayoutProblemsAsync(page, $"ceremony {language} {size}"));
            await page.ScreenshotAsync(new() { Path = ScreenPage.Screenshot($"screen-ceremony-{language}-{size}") });
            if (language == "zh-en" && viewport == FullHd)
            {
                await browser.Api.PostOk($"{t.Base}/ceremony", new { action = "next" }, HttpStatusCode.OK);
                await Expect(page.Locator("#ceremony")).ToHaveAttributeAsync("data-kind", "Award", SoonAttribute);
                problems.AddRange(await ScreenPage.LayoutProblemsAsync(page, $"citation {language} {size}"));
                await page.ScreenshotAsync(new() { Path = ScreenPage.Screenshot($"screen-citation-{language}-{size}") });
                await browser.Api.PostOk($"{t.Base}/ceremony", new { action = "back" }, HttpStatusCode.OK);
            }
            await page.Context.CloseAsync();
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var context in contexts) await context.CloseAsync();
        // No page the test opened broke the Content-Security-Policy.
        browser.AssertNoCspViolations();
    }

    async Task<string> IssueKeyAsync() =>
        (await browser.Api.PostOk("/api/displays/keys", new { name = "大屏测试 Screen test" }, HttpStatusCode.OK))["key"]!.GetValue<string>();

    static string ScreenUrl(string key, ScreenCompetition t, string query) =>
        $"/displays/screen.html?key={Uri.EscapeDataString(key)}&competition={t.CompetitionId}&{query}";

    async Task<IPage> OpenScreenAsync(string key, ScreenCompetition t, string query, ViewportSize? viewport = null, bool reducedMotion = false)
    {
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = browser.Server.BaseAddress.ToString(), ViewportSize = viewport ?? FullHd, Locale = "zh-CN", TimezoneId = "Asia/Shanghai",
            ReducedMotion = reducedMotion ? ReducedMotion.Reduce : ReducedMotion.NoPreference,
        });
        contexts.Add(context);
        var page = await context.NewPageAsync();
        await page.GotoAsync(ScreenUrl(key, t, query));
        return page;
    }

    async Task<JsonElement> WaitForDisplayAsync(string displayId, Func<JsonElement, bool> condition)
    {
        JsonElement? last = null;
        for (var i = 0; i < 150; i++)
        {
            var displays = await browser.Api.GetFromJsonAsync<JsonElement>("/api/displays");
            last = displays.EnumerateArray().FirstOrDefault(d => d.GetProperty("displayId").GetString() == displayId);
            if (last is { ValueKind: JsonValueKind.Object } found && condition(found)) return found;
            await Task.Delay(100);
        }
        throw new Xunit.Sdk.XunitException($"display {displayId} never matched; last: {last}");
    }

    static ILocator Row(IPage page, string bib) => page.Locator($".lb-row[data-bib='{bib}']");
}
