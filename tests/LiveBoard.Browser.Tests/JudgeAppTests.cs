using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LiveBoard.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveBoard.Browser.Tests;

/// The judge's tablet app (wwwroot/judge/) in real Chromium against a real server: sign-in by QR code, offline-first
/// entry through the device's queue, exactly-once delivery, entry checks, refusals, and the panel revealed together.
public sealed class JudgeAppTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    /// After each test: no page it opened broke the Content-Security-Policy.
    public void Dispose() => browser.AssertNoCspViolations();

    static readonly LocatorAssertionsToHaveTextOptions SoonText = new() { Timeout = 10_000 };
    static readonly LocatorAssertionsToHaveCountOptions SoonCount = new() { Timeout = 10_000 };

    [Fact]
    public async Task JudgeSignsInWithAccessCodeMarksOfflineAndEveryMarkArrivesOnce()
    {
        var t = await JudgeCompetition.CreateAsync(browser.Api);
        var viewer = await browser.NewPageAsync();
        await viewer.GotoAsync(t.ResultsUrl);
        await Expect(viewer.Locator("#live-state")).ToHaveTextAsync("实时 Live", SoonText);

        var tablet = await JudgeTablet.OpenAsync(browser);
        var page = tablet.Page;
        await tablet.SignInWithCodeAsync(await t.AccessCode(browser.Api, t.TabletJudge));
        // The one-time code is gone from the address bar (and so from the history) once used.
        Assert.DoesNotContain("code=", page.Url);
        await Expect(page.Locator("#who")).ToHaveTextAsync("陈评 Chen Ping");
        await tablet.OpenModuleAsync();
        // A competitor of the judge's own organisation is shown, greyed, and cannot be opened.
        var conflict = tablet.Competitor("C-03");
        await Expect(conflict).ToContainTextAsync("利益冲突 回避 / Conflict of interest — abstain");
        Assert.Equal("DIV", await conflict.EvaluateAsync<string>("e => e.tagName"));
        await Expect(tablet.Competitor("C-01").Locator(".progress .count")).ToHaveTextAsync("0/4");

        await tablet.OpenCompetitorAsync("C-01");
        await tablet.Score("A1.1", 1).ClickAsync();
        await tablet.Score("B1.1", 2).ClickAsync();
        await tablet.ExpectAllSentAsync();
        await Expect(tablet.Score("B1.1", 2)).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(tablet.Aspect("B1.1")).ToHaveAttributeAsync("data-cell-state", "sent", JudgeTablet.Soon);
        await Expect(viewer.Locator("tr[data-bib='C-01'] td.total")).ToHaveTextAsync("1.00", SoonText);

        // The network goes. Marks are still taken, kept on the tablet, and shown as not yet sent.
        await page.Context.SetOfflineAsync(true);
        await Expect(tablet.Sync).ToHaveAttributeAsync("data-state", "offline", JudgeTablet.Soon);
        await Expect(tablet.Sync).ToHaveTextAsync("离线 / Offline");
        await tablet.EnterDeviationAsync("A1.2", "0.03");
        await tablet.Score("B1.2", 3).ClickAsync();
        await Expect(tablet.Aspect("A1.2")).ToHaveAttributeAsync("data-cell-state", "queued", JudgeTablet.Soon);
        await Expect(tablet.Aspect("A1.2").Locator(".cell-status")).ToContainTextAsync("未发送 / Not yet sent");
        await Expect(tablet.Aspect("B1.2").Locator(".cell-status")).ToContainTextAsync("未发送 / Not yet sent");
        await Expect(tablet.Score("B1.2", 3)).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(tablet.Sync).ToHaveTextAsync("离线 · 2 条未发送 / Offline · 2 not yet sent");
        // A mistaken tap that never left the tablet is simply replaced: still one mark, no correction.
        await page.Locator("button.step", new() { HasText = "下一位" }).ClickAsync();
        await Expect(page.Locator("#competitor")).ToHaveAttributeAsync("data-bib", "C-02", JudgeTablet.Soon);
        await tablet.Score("A1.1", 1).ClickAsync();
        await Expect(tablet.Score("A1.1", 1)).ToHaveAttributeAsync("aria-pressed", "true");
        await tablet.Score("A1.1", 0).ClickAsync();
        // The replacement is on disk once the app shows it; only then may the tablet reload.
        await Expect(tablet.Score("A1.1", 0)).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(tablet.Sync).ToHaveTextAsync("离线 · 3 条未发送 / Offline · 3 not yet sent");

        // The tablet reloads with no network: the app comes from its service worker, the queue and sheet from IndexedDB.
        await page.ReloadAsync();
        await Expect(page.Locator("#competitor")).ToHaveAttributeAsync("data-bib", "C-02", JudgeTablet.Soon);
        await Expect(tablet.Sync).ToHaveTextAsync("离线 · 3 条未发送 / Offline · 3 not yet sent", SoonText);
        await Expect(tablet.Aspect("A1.1")).ToHaveAttributeAsync("data-cell-state", "queued");
        await Expect(tablet.Score("A1.1", 0)).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(page.Locator("#sheet-age")).ToContainTextAsync("离线");
        Assert.Equal(1, (await t.Marks(browser.Api)).Count(m => m["competitorId"]!.GetValue<int>() == t.Competitors["C-01"]
            && m["aspectId"]!.GetValue<int>() == t.Aspects["A1.1"]));
        Assert.Equal(2, (await t.Marks(browser.Api)).Count);

        await page.Context.SetOfflineAsync(false);
        await tablet.ExpectAllSentAsync();
        await Expect(tablet.Sync).ToHaveTextAsync("已同步 / All sent");
        await Expect(tablet.Aspect("A1.1")).ToHaveAttributeAsync("data-cell-state", "sent", JudgeTablet.Soon);

        // Every mark arrived exactly once, with the value entered, from this tablet.
        var marks = await t.Marks(browser.Api);
        var expected = new (string Bib, string Aspect, decimal Value)[]
        {
            ("C-01", "A1.1", 1m), ("C-01", "B1.1", 2m), ("C-01", "A1.2", 0.03m), ("C-01", "B1.2", 3m), ("C-02", "A1.1", 0m),
        };
        Assert.Equal(expected.Length, marks.Count);
        foreach (var (bib, aspect, value) in expected)
        {
            var mark = Assert.Single(marks, m => m["competitorId"]!.GetValue<int>() == t.Competitors[bib] && m["aspectId"]!.GetValue<int>() == t.Aspects[aspect]);
            Assert.Equal(value, mark["value"]!.GetValue<decimal>());
            Assert.Equal(t.TabletJudge, mark["judgeId"]!.GetValue<int>());
            Assert.StartsWith("tablet-", mark["device"]!.GetValue<string>());
            Assert.Null(mark["supersedesId"]?.GetValue<long?>());
        }
        Assert.Equal(marks.Count, marks.Select(m => m["idempotencyKey"]!.GetValue<string>()).Distinct().Count());

        // The public page open all along shows the marks sent after the network came back:
        // 1 (hole spacing) + 1 (a deviation of 0.03 is in the ±0.05 band: half of 2); judgements wait for the panel.
        await Expect(viewer.Locator("tr[data-bib='C-01'] td.total")).ToHaveTextAsync("2.00", SoonText);
        await page.Locator("button.back").ClickAsync();
        await Expect(tablet.Competitor("C-01").Locator(".progress .count")).ToHaveTextAsync("4/4");
        await Expect(tablet.Competitor("C-02").Locator(".progress .count")).ToHaveTextAsync("1/4");
        Assert.Empty(tablet.Problems);
        await tablet.CloseAsync();
        await viewer.Context.CloseAsync();
    }

    [Fact]
    public async Task DuplicateSendAfterALostResponseCountsOnce()
    {
        var t = await JudgeCompetition.CreateAsync(browser.Api);
        var tablet = await JudgeTablet.OpenAsync(browser, blockServiceWorkers: true);
        var page = tablet.Page;
        await tablet.SignInWithCodeAsync(await t.AccessCode(browser.Api, t.TabletJudge));
        await tablet.OpenModuleAsync();
        await tablet.OpenCompetitorAsync("C-01");

        // The first submission reaches the server, which records the mark, but its answer never reaches the tablet
        // (Wi-Fi dropping at the wrong moment). Later attempts pass through untouched.
        var attempts = new List<(string Key, int Status)>();
        await page.RouteAsync("**/api/competitions/*/marks", async route =>
        {
            var key = JsonDocument.Parse(route.Request.PostData!).RootElement.GetProperty("idempotencyKey").GetString()!;
            var response = await route.FetchAsync();
            lock (attempts) attempts.Add((key, response.Status));
            if (attempts.Count == 1) await route.AbortAsync("connectionreset");
            else await route.FulfillAsync(new() { Response = response });
        });

        await tablet.Score("B1.1", 3).ClickAsync();
        await tablet.ExpectAllSentAsync();
        await Expect(tablet.Aspect("B1.1")).ToHaveAttributeAsync("data-cell-state", "sent", JudgeTablet.Soon);

        // Sent twice with one key: the server recorded it the first time and answered the retry with that same mark.
        Assert.Equal(2, attempts.Count);
        Assert.Equal(attempts[0].Key, attempts[1].Key);
        Assert.Equal((201, 200), (attempts[0].Status, attempts[1].Status));
        var mark = Assert.Single(await t.Marks(browser.Api));
        Assert.Equal(attempts[0].Key, mark["idempotencyKey"]!.GetValue<string>());
        Assert.Equal(3m, mark["value"]!.GetValue<decimal>());
        Assert.Empty(tablet.Problems);
        await tablet.CloseAsync();
    }

    [Fact]
    public async Task BadValueIsStoppedAtEntryAndExplained()
    {
        var t = await JudgeCompetition.CreateAsync(browser.Api);
        var tablet = await JudgeTablet.OpenAsync(browser);
        var page = tablet.Page;
        await tablet.SignInWithCodeAsync(await t.AccessCode(browser.Api, t.TabletJudge));
        await tablet.OpenModuleAsync();
        await tablet.OpenCompetitorAsync("C-01");

        // At entry: a deviation with three decimals, or not a number, never reaches the queue.
        var error = tablet.Aspect("A1.2").Locator(".entry-error");
        await tablet.EnterDeviationAsync("A1.2", "0.015");
        await Expect(error).ToHaveTextAsync("偏差最多保留两位小数 / The deviation may have at most two decimal places");
        await tablet.EnterDeviationAsync("A1.2", "0,3mm");
        await Expect(error).ToHaveTextAsync("不是有效的数字 / Not a valid number");
        await tablet.EnterDeviationAsync("A1.2", "");
        await Expect(error).ToHaveTextAsync("请输入测得的偏差 / Enter the measured deviation");
        await Expect(tablet.Aspect("A1.2")).ToHaveAttributeAsync("data-cell-state", "none");
        await Expect(tablet.Sync).ToHaveAttributeAsync("data-waiting", "0");
        // While typing, the judge sees which band the deviation falls in.
        await tablet.Aspect("A1.2").Locator("input.deviation").FillAsync("-0.04");
        await Expect(tablet.Aspect("A1.2").Locator(".band-hint")).ToHaveTextAsync("在 ±0.05 以内,得 1.00 分 / Within ±0.05: 0.5 of the mark, 1.00");
        await Expect(error).ToHaveCountAsync(0);
        Assert.Empty(await t.Marks(browser.Api));

        // On the server: a mark taken offline meets a module the chief expert locked meanwhile. The refusal is shown with
        // the server's reason in both languages, and stays until the judge dismisses it.
        await page.Context.SetOfflineAsync(true);
        await Expect(tablet.Sync).ToHaveAttributeAsync("data-state", "offline", JudgeTablet.Soon);
        await tablet.Score("A1.1", 1).ClickAsync();
        await Expect(tablet.Aspect("A1.1")).ToHaveAttributeAsync("data-cell-state", "queued", JudgeTablet.Soon);
        await t.SetModuleStatus(browser.Api, "Locked");
        await page.Context.SetOfflineAsync(false);

        await Expect(tablet.Aspect("A1.1")).ToHaveAttributeAsync("data-cell-state", "refused", JudgeTablet.Soon);
        await Expect(tablet.Aspect("A1.1").Locator(".refusal")).ToContainTextAsync(
            "模块已锁定,只能由裁判长更正 / The module is locked; only corrections with a reason are accepted");
        await Expect(page.Locator("#refusals")).ToContainTextAsync("C-01 张伟 · A1.1 · 1.00 — 模块已锁定");
        await Expect(tablet.Sync).ToHaveTextAsync("已同步 / All sent · 1 条被拒 / 1 refused", SoonText);
        // The module's new status arrives over the live channel: the sheet turns read-only.
        await Expect(page.Locator("#read-only")).ToHaveTextAsync("模块已锁定,只读 / Module locked — read only", SoonText);
        await Expect(tablet.Score("B1.1", 2)).ToBeDisabledAsync();
        await tablet.ScreenshotAsync("judge-refused-1024x768", fullPage: true);

        await tablet.Aspect("A1.1").Locator(".cell-status button", new() { HasText = "知道了" }).ClickAsync();
        await Expect(page.Locator("#refusals")).ToHaveCountAsync(0);
        await Expect(tablet.Aspect("A1.1")).ToHaveAttributeAsync("data-cell-state", "none");
        await Expect(tablet.Sync).ToHaveTextAsync("已同步 / All sent");
        Assert.Empty(await t.Marks(browser.Api));
        Assert.Empty(tablet.Problems);
        await tablet.CloseAsync();
    }

    [Fact]
    public async Task PanelScoresStayHiddenUntilThePanelIsComplete()
    {
        var t = await JudgeCompetition.CreateAsync(browser.Api);
        var tablet = await JudgeTablet.OpenAsync(browser);
        var page = tablet.Page;
        await tablet.SignInWithCodeAsync(await t.AccessCode(browser.Api, t.TabletJudge));
        await tablet.OpenModuleAsync();
        await tablet.OpenCompetitorAsync("C-01");
        var card = tablet.Aspect("B1.1");

        await tablet.Score("B1.1", 3).ClickAsync();
        await tablet.ExpectAllSentAsync();
        await Expect(card.Locator(".panel")).ToContainTextAsync("其他评委的分数暂不显示");

        // The second judge scores. After a reload (so the sheet is fetched after that mark) the tablet still shows no
        // other score, and the sheet the server gives this judge holds none.
        await t.Mark(browser.Api, t.Zhao, "C-01", "B1.1", 2);
        await page.ReloadAsync();
        await Expect(card.Locator(".panel")).ToContainTextAsync("其他评委的分数暂不显示");
        await Expect(card.Locator(".panel-score")).ToHaveCountAsync(0);
        await Expect(card).ToHaveAttributeAsync("data-outcome", "Pending");
        var sheet = await page.EvaluateAsync<JsonElement>($"fetch('{t.Base}/judging/modules/{t.ModuleId}/sheet').then(r => r.json())");
        Assert.Equal(JsonValueKind.Null, Cell(sheet, t.Aspects["B1.1"], t.Competitors["C-01"]).GetProperty("panel").ValueKind);

        // The third completes the panel: the tablet learns it over the live channel and shows every score at once;
        // a spread of 2 requires a re-score.
        await t.Mark(browser.Api, t.Zhou, "C-01", "B1.1", 1);
        await Expect(card.Locator(".panel-score")).ToHaveCountAsync(3, SoonCount);
        await Expect(card).ToHaveAttributeAsync("data-outcome", "RescoreRequired");
        Assert.Equal(["3", "2", "1"], (await card.Locator(".panel-score").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.value)"))
            .OrderDescending().ToArray());
        await Expect(card.Locator(".panel-score.mine")).ToContainTextAsync("我 Me 3");
        await Expect(card.Locator(".panel .flag.rescore")).ToContainTextAsync("需重新评分 / Re-score required");

        // Re-scoring is a correction, its reason prefilled and editable: one tap on the new score.
        await Expect(card.Locator(".rescore-entry input.reason")).ToHaveValueAsync("重新评分 / re-score");
        await card.Locator(".rescore-entry input.reason").FillAsync("重新评分 / re-score after discussion");
        await tablet.Score("B1.1", 2).ClickAsync();
        await tablet.ExpectAllSentAsync();
        await Expect(card).ToHaveAttributeAsync("data-outcome", "Scored", JudgeTablet.Soon);
        // 2, 2, 1: mean 5/3 of a maximum of 3 → 3 × (5/3) / 3 = 1.67.
        await Expect(card.Locator(".panel .outcome")).ToContainTextAsync("1.67");
        await Expect(tablet.Score("B1.1", 2)).ToHaveAttributeAsync("aria-pressed", "true");

        var marks = await t.Marks(browser.Api);
        var mine = marks.Where(m => m["judgeId"]!.GetValue<int>() == t.TabletJudge).ToList();
        Assert.Equal(2, mine.Count);
        Assert.Equal(mine[0]["id"]!.GetValue<long>(), mine[1]["supersedesId"]!.GetValue<long>());
        Assert.Equal("重新评分 / re-score after discussion", mine[1]["reason"]!.GetValue<string>());
        Assert.Equal(2m, mine[1]["value"]!.GetValue<decimal>());

        // The list shows the competitor's state for the judge.
        await page.Locator("button.back").ClickAsync();
        await Expect(tablet.Competitor("C-01").Locator(".progress .count")).ToHaveTextAsync("1/4");
        Assert.Empty(tablet.Problems);
        await tablet.CloseAsync();
    }

    [Fact]
    public async Task JudgeAppIsReadableOnATabletBothWaysRound()
    {
        var t = await JudgeCompetition.CreateAsync(browser.Api);
        // A morning's work: marks for C-01 and C-02, and a re-score waiting on B1.1 of C-01.
        await t.Mark(browser.Api, t.TabletJudge, "C-01", "A1.1", 1);
        await t.Mark(browser.Api, t.TabletJudge, "C-01", "A1.2", 0.01);
        await t.Mark(browser.Api, t.TabletJudge, "C-01", "B1.1", 3);
        await t.Mark(browser.Api, t.Zhao, "C-01", "B1.1", 2);
        await t.Mark(browser.Api, t.Zhou, "C-01", "B1.1", 1);
        await t.Mark(browser.Api, t.TabletJudge, "C-02", "A1.1", 1);

        // One tablet turned both ways round: the same judge, the same session. This judge's camera failed, so they type
        // the code printed under the QR code.
        var tablet = await JudgeTablet.OpenAsync(browser, JudgeTablet.Landscape);
        var page = tablet.Page;
        await page.GotoAsync("/judge/");
        await page.Locator("#code").FillAsync((await t.AccessCode(browser.Api, t.TabletJudge)).ToLowerInvariant());
        await CheckLayout(page, "sign-in");
        await tablet.ScreenshotAsync("judge-signin-1024x768");
        await page.Locator("#code-form button[type=submit]").ClickAsync();
        await Expect(page.Locator("button.module")).ToHaveCountAsync(1, SoonCount);
        await CheckLayout(page, "modules");
        await tablet.ScreenshotAsync("judge-modules-1024x768");
        await tablet.OpenModuleAsync();
        foreach (var (viewport, size, value) in new[] { (JudgeTablet.Landscape, "1024x768", 2), (JudgeTablet.Portrait, "768x1024", 3) })
        {
            await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
            await Expect(tablet.Competitor("C-01").Locator(".flag.rescore")).ToBeVisibleAsync();
            await CheckLayout(page, $"list {size}");
            await tablet.ScreenshotAsync($"judge-list-{size}");

            await tablet.OpenCompetitorAsync("C-01");
            // One mark waiting to be sent, so the picture shows that state too.
            await page.Context.SetOfflineAsync(true);
            await Expect(tablet.Sync).ToHaveAttributeAsync("data-state", "offline", JudgeTablet.Soon);
            await tablet.Score("B1.2", value).ClickAsync();
            if (value == 3)
            {
                // The second time round B1.2 holds the 2 sent the first time: a change is a correction, which asks for
                // its reason.
                var confirm = tablet.Aspect("B1.2").Locator("form.confirm");
                await Expect(confirm).ToContainTextAsync("更正为 3 Correct to 3");
                await tablet.ScreenshotAsync($"judge-correction-{size}");
                await CheckLayout(page, $"correction {size}");
                await confirm.Locator("input.reason").FillAsync("录入错误 / entry error");
                await confirm.Locator("button[type=submit]").ClickAsync();
            }
            await Expect(tablet.Aspect("B1.2")).ToHaveAttributeAsync("data-cell-state", "queued", JudgeTablet.Soon);
            await CheckLayout(page, $"marking {size}");
            await tablet.ScreenshotAsync($"judge-marking-{size}");
            await tablet.ScreenshotAsync($"judge-marking-{size}-full", fullPage: true);
            await page.Context.SetOfflineAsync(false);
            await tablet.ExpectAllSentAsync();
            await page.Locator("button.back").ClickAsync();
        }
        Assert.Empty(tablet.Problems);
        await tablet.CloseAsync();
    }

    /// Readable and touchable: the self-hosted font draws the Chinese, nothing scrolls sideways, every visible button is
    /// at least 44 px tall (Apple's and Android's minimum touch target), and no two controls overlap.
    static async Task CheckLayout(IPage page, string where)
    {
        // From the top: content scrolled under the sticky bar is not an overlap.
        await page.EvaluateAsync("scrollTo(0, 0)");
        await page.EvaluateAsync("document.fonts.ready");
        Assert.True(await page.EvaluateAsync<bool>(
            "[...document.fonts].some(f => f.family.replaceAll('\"', '') === 'Noto Sans SC' && f.status === 'loaded')"), $"{where}: Noto Sans SC not loaded");
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= innerWidth"), $"{where}: the page scrolls sideways");
        var small = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll("button, input")].filter(e => e.offsetParent !== null)
              .filter(e => e.getBoundingClientRect().height < 44).map(e => e.outerHTML.slice(0, 80))
            """);
        Assert.True(small.Length == 0, $"{where}: small touch targets: {string.Join(" | ", small)}");
        var overlapping = await page.EvaluateAsync<string[]>("""
            (() => {
              const boxes = [...document.querySelectorAll("button, input, .competitor, .sync")].filter(e => e.offsetParent !== null || e.id === "sync")
                .map(e => [e, e.getBoundingClientRect()]);
              const hits = [];
              for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
                const [a, r] = boxes[i], [b, s] = boxes[j];
                if (a.contains(b) || b.contains(a)) continue;
                if (r.left < s.right - 1 && s.left < r.right - 1 && r.top < s.bottom - 1 && s.top < r.bottom - 1)
                  hits.push(`${a.className || a.tagName} × ${b.className || b.tagName}`);
              }
              return hits;
            })()
            """);
        Assert.True(overlapping.Length == 0, $"{where}: overlapping controls: {string.Join(" | ", overlapping)}");
    }

    static JsonElement Cell(JsonElement sheet, int aspectId, int competitorId) =>
        sheet.GetProperty("cells").EnumerateArray().First(c => c.GetProperty("aspectId").GetInt32() == aspectId && c.GetProperty("competitorId").GetInt32() == competitorId);
}
