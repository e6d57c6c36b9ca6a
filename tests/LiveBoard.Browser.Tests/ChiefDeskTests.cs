using System.Net;
using System.Text.Json.Nodes;
using LiveBoard.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveBoard.Browser.Tests;

/// The chief expert's desk (wwwroot/desk/) in real Chromium, signed in as a real chief expert: the live matrix, the
/// two-step lock seen by a public viewer, corrections with a reason, protests, judge patterns and the audit view.
public sealed class ChiefDeskTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    /// After each test: no page it opened broke the Content-Security-Policy.
    public void Dispose() => browser.AssertNoCspViolations();

    // Generous for a loaded CI machine; a pass takes well under a second.
    static readonly LocatorAssertionsToHaveTextOptions Soon = new() { Timeout = 10_000 };
    static readonly LocatorAssertionsToContainTextOptions SoonContains = new() { Timeout = 10_000 };
    static readonly LocatorAssertionsToHaveAttributeOptions SoonAttribute = new() { Timeout = 10_000 };
    static readonly ViewportSize Laptop = new() { Width = 1366, Height = 768 };
    static readonly ViewportSize FullHd = new() { Width = 1920, Height = 1080 };

    HttpClient Admin => browser.Api;

    [Fact]
    public async Task ChiefExpertLocksAModuleAndAConnectedViewerSeesOfficial()
    {
        var d = await DeskCompetition.CreateAsync(Admin);
        await d.Score(Admin, d.Panel[0], "C-01", "A1.3", 4);
        await d.Score(Admin, d.Panel[0], "C-02", "A1.2", 2);
        // A module locks only when complete: the rest of the panel's cells are entered (worth nothing).
        await Admin.CompleteModuleAsync(d.Base, d.ModuleId);

        var viewer = await browser.NewPageAsync();
        await viewer.GotoAsync(d.ResultsUrl);
        await Expect(viewer.Locator("#live-state")).ToHaveTextAsync("实时 Live", Soon);
        await Expect(ResultStatus(viewer, "C-01")).ToHaveTextAsync("进行中 Live", Soon);
        // Still set after the lock only if the page was never reloaded.
        await viewer.EvaluateAsync("window.__sameViewer = true");

        // The chief expert opens the desk, is sent to the shared sign-in page and comes back.
        var desk = await browser.NewPageAsync(Laptop);
        await desk.GotoAsync(d.DeskUrl);
        // The page's own content tells where it is: waiting for the URL raced with the script's redirect now and then.
        await Expect(desk.Locator("form#signin input[name=userName]")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        Assert.Contains("/signin.html?return=", desk.Url);
        await desk.Locator("input[name=userName]").FillAsync(d.ChiefUserName);
        await desk.Locator("input[name=password]").FillAsync(DeskCompetition.ChiefPassword);
        await desk.Locator("button[type=submit]").ClickAsync();
        await Expect(desk.Locator("#who")).ToHaveTextAsync(DeskCompetition.ChiefDisplayName, Soon);
        Assert.EndsWith(d.DeskUrl, desk.Url);
        var problems = CollectProblems(desk);
        await Expect(ModuleStatus(desk)).ToHaveAttributeAsync("data-status", "Live", SoonAttribute);

        // Step one opens the confirmation; only the module's code arms step two.
        await desk.Locator("#lock").ClickAsync();
        await Expect(desk.Locator("#lock-dialog")).ToBeVisibleAsync();
        await Expect(desk.Locator("#lock-code")).ToHaveTextAsync("P1");
        await Expect(desk.Locator("#lock-submit")).ToBeDisabledAsync();
        await desk.Locator("#lock-confirm").FillAsync("P");
        await Expect(desk.Locator("#lock-submit")).ToBeDisabledAsync();
        await desk.Locator("#lock-confirm").FillAsync("P1");
        await desk.Locator("#lock-submit").ClickAsync();

        await Expect(ModuleStatus(desk)).ToHaveTextAsync("已锁定 Locked", Soon);
        await Expect(desk.Locator("#lock-dialog")).ToBeHiddenAsync();
        foreach (var bib in new[] { "C-01", "C-02", "C-03", "C-04" })
            await Expect(ResultStatus(viewer, bib)).ToHaveTextAsync("正式 Official", Soon);
        Assert.True(await viewer.EvaluateAsync<bool>("window.__sameViewer === true"), "the viewer page was reloaded");

        // Unlocking needs a reason: without one nothing is sent; with one the results go back to unofficial.
        await desk.Locator("#unlock").ClickAsync();
        await desk.Locator("#unlock-submit").ClickAsync();
        await Expect(desk.Locator("#unlock-form .field-error[data-for=reason]")).ToContainTextAsync("原因", SoonContains);
        await Expect(ModuleStatus(desk)).ToHaveAttributeAsync("data-status", "Locked");
        await desk.Locator("#unlock-reason").FillAsync("复核 B1 评分 · Re-checking B1 scores");
        await desk.Locator("#unlock-submit").ClickAsync();
        await Expect(ModuleStatus(desk)).ToHaveTextAsync("已结束 Closed", Soon);
        await Expect(ResultStatus(viewer, "C-01")).ToHaveTextAsync("非正式 Unofficial", Soon);

        var audit = (await (await Admin.GetAsync($"{d.Base}/audit")).Json(HttpStatusCode.OK)).AsArray();
        Assert.Contains(audit, a => a!["detail"]!.GetValue<string>() == "P1: Live → Locked" && a["actor"]!.GetValue<string>() == d.ChiefUserName);
        Assert.Contains(audit, a => a!["detail"]!.GetValue<string>() == "P1: Locked → Closed" && a["reason"]!.GetValue<string>().StartsWith("复核"));
        Assert.Empty(problems);
    }

    [Fact]
    public async Task MatrixUpdatesLiveWhenAJudgeSubmitsAMark()
    {
        var d = await DeskCompetition.CreateAsync(Admin);
        var desk = await OpenDeskAsync(d, Laptop);
        var problems = CollectProblems(desk);
        await desk.EvaluateAsync("window.__sameDesk = true");
        await Expect(Cell(desk, "C-02", "A1.3")).ToHaveAttributeAsync("data-outcome", "Empty");
        await Expect(Count(desk, "scored")).ToContainTextAsync("0/20");

        await d.Score(Admin, d.Panel[0], "C-02", "A1.3", 4);
        await Expect(Cell(desk, "C-02", "A1.3")).ToHaveAttributeAsync("data-outcome", "Scored", SoonAttribute);
        await Expect(Cell(desk, "C-02", "A1.3").Locator(".mark")).ToHaveTextAsync("4.00");
        await Expect(Count(desk, "scored")).ToContainTextAsync("1/20", SoonContains);

        // A judgement cell stays pending until the whole panel has scored, and says who is still missing.
        await d.Score(Admin, d.Panel[0], "C-01", "B1.1", 2);
        await d.Score(Admin, d.Panel[1], "C-01", "B1.1", 3);
        var cell = Cell(desk, "C-01", "B1.1");
        await Expect(cell.Locator(".scores")).ToHaveTextAsync("2 · 3 · –", Soon);
        await Expect(cell).ToHaveAttributeAsync("data-outcome", "Pending");
        await Expect(cell).ToHaveAttributeAsync("title", new System.Text.RegularExpressions.Regex("缺评委 Missing: 刘洋 Liu Yang"));

        await d.Score(Admin, d.Panel[2], "C-01", "B1.1", 3);
        await Expect(cell.Locator(".scores")).ToHaveTextAsync("2 · 3 · 3", Soon);
        await Expect(cell).ToHaveAttributeAsync("data-outcome", "Scored");
        // WorldSkills: 2.00 × mean(2, 3, 3) / 3 = 1.78.
        await Expect(cell.Locator(".mark")).ToHaveTextAsync("1.78");
        await Expect(desk.Locator("#matrix tr[data-bib='C-01'] td.total")).ToHaveTextAsync("1.78");
        Assert.True(await desk.EvaluateAsync<bool>("window.__sameDesk === true"), "the desk was reloaded");
        Assert.Empty(problems);
    }

    [Fact]
    public async Task RescoreRequiredIsFlagged()
    {
        var d = await DeskCompetition.CreateAsync(Admin);
        var desk = await OpenDeskAsync(d, Laptop);
        await d.Score(Admin, d.Panel[0], "C-03", "B1.1", 0);
        await d.Score(Admin, d.Panel[1], "C-03", "B1.1", 2);
        await d.Score(Admin, d.Panel[2], "C-03", "B1.1", 3);

        var cell = Cell(desk, "C-03", "B1.1");
        await Expect(cell).ToHaveAttributeAsync("data-outcome", "RescoreRequired", SoonAttribute);
        await Expect(cell).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("RescoreRequired"));
        await Expect(cell.Locator(".scores")).ToHaveTextAsync("0 · 2 · 3");
        await Expect(cell.Locator(".mark")).ToHaveTextAsync("重评 re-score");
        await Expect(Count(desk, "rescore")).ToContainTextAsync("1", SoonContains);
        // Red, not the scored green: the colour backs up the words.
        Assert.Equal("rgb(253, 227, 225)", await cell.EvaluateAsync<string>("td => getComputedStyle(td).backgroundColor"));
        await Expect(desk.Locator("#matrix tr[data-bib='C-03'] td.total")).ToHaveTextAsync("0.00");

        await cell.ClickAsync();
        await Expect(desk.Locator("#cell-panel .outcome")).ToHaveAttributeAsync("data-outcome", "RescoreRequired");
        await Expect(desk.Locator("#cell-panel form.correction")).ToHaveCountAsync(3);
    }

    [Fact]
    public async Task JudgePatternsFlagAHarshAndAGenerousJudge()
    {
        var d = await DeskCompetition.CreateAsync(Admin);
        // 陈评 scores below the rest of the panel, 刘洋 above it, 王敏 in the middle.
        foreach (var (bib, scores) in new[] { ("C-01", new[] { 1, 2, 3 }), ("C-02", new[] { 1, 2, 2 }), ("C-03", new[] { 2, 2, 3 }) })
            for (var i = 0; i < 3; i++) await d.Score(Admin, d.Panel[i], bib, "B1.1", scores[i]);
        var desk = await OpenDeskAsync(d, Laptop);

        await Expect(desk.Locator("#pattern-flag")).ToHaveTextAsync("⚠ 2", Soon);
        await desk.Locator("[role=tab][data-view=patterns]").ClickAsync();
        var harsh = desk.Locator($"#pattern-rows tr[data-judge='{d.Panel[0]}']");
        var middle = desk.Locator($"#pattern-rows tr[data-judge='{d.Panel[1]}']");
        var generous = desk.Locator($"#pattern-rows tr[data-judge='{d.Panel[2]}']");
        // 陈评: (1 − 2.5 + 1 − 2 + 2 − 2.5) / 3 = −1.00; 刘洋: (3 − 1.5 + 2 − 1.5 + 3 − 2) / 3 = +1.00.
        await Expect(harsh.Locator("td.deviation")).ToHaveTextAsync("−1.00");
        await Expect(generous.Locator("td.deviation")).ToHaveTextAsync("+1.00");
        await Expect(middle.Locator("td.deviation")).ToHaveTextAsync("±0.00");
        await Expect(harsh).ToHaveClassAsync("warn");
        await Expect(generous.Locator("td.flag")).ToContainTextAsync("Marking pattern: generous");
        await Expect(middle.Locator("td.flag")).ToHaveTextAsync("");
        await desk.ScreenshotAsync(new() { Path = Screenshot("desk-patterns-1366") });
    }

    [Fact]
    public async Task CorrectionNeedsAReasonAndSupersedes()
    {
        var d = await DeskCompetition.CreateAsync(Admin);
        var first = await d.Score(Admin, d.Panel[0], "C-01", "A1.2", 2);
        var firstId = first["id"]!.GetValue<long>();
        // After the lock only the chief expert may correct, and still only with a reason. The other cells stay empty, so the
        // admin locks over them with a written reason (an override), which keeps this test's marks to the one cell.
        await Admin.PostOk($"{d.Base}/modules/{d.ModuleId}/status",
            new { status = "Locked", confirm = "P1", @override = true, reason = "测试:只看这一格 · Test: only this cell matters" }, HttpStatusCode.OK);
        var desk = await OpenDeskAsync(d, Laptop);
        var problems = CollectProblems(desk);
        await Expect(ModuleStatus(desk)).ToHaveAttributeAsync("data-status", "Locked", SoonAttribute);

        await Cell(desk, "C-01", "A1.2").ClickAsync();
        var panel = desk.Locator("#cell-panel");
        await Expect(panel).ToBeVisibleAsync();
        var form = panel.Locator($"form.correction[data-mark-id='{firstId}']");
        await Expect(form).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await Expect(panel.Locator(".judge-info .meta").First).ToContainTextAsync("tablet-", SoonContains);
        await form.Locator("input[name=value]").FillAsync("0");
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(form.Locator(".field-error[data-for=reason]")).ToHaveTextAsync("更正必须填写原因 / A correction needs a reason");
        Assert.Single(await Marks(d));

        await form.Locator("textarea[name=reason]").FillAsync("复测平面度超差 · Re-measured: flatness out of tolerance");
        await form.Locator("button[type=submit]").ClickAsync();
        await Expect(Cell(desk, "C-01", "A1.2").Locator(".mark")).ToHaveTextAsync("0.00", Soon);
        await Expect(panel.Locator(".correction-note")).ToContainTextAsync($"corrects #{firstId}", SoonContains);

        var marks = await Marks(d);
        Assert.Equal(2, marks.Count);
        var second = marks.Single(m => m["id"]!.GetValue<long>() != firstId)!;
        Assert.Equal(firstId, second["supersedesId"]!.GetValue<long>());
        Assert.Equal(d.ChiefUserName, second["recordedBy"]!.GetValue<string>());
        Assert.Equal("desk", second["device"]!.GetValue<string>());
        await desk.ScreenshotAsync(new() { Path = Screenshot("desk-panel-1366") });

        await desk.Locator("[role=tab][data-view=audit]").ClickAsync();
        var secondId = second["id"]!.GetValue<long>();
        var oldRow = desk.Locator($"#audit-rows tr[data-mark='{firstId}']");
        var newRow = desk.Locator($"#audit-rows tr[data-mark='{secondId}']");
        await Expect(oldRow).ToHaveAttributeAsync("data-superseded-by", secondId.ToString(), SoonAttribute);
        await Expect(oldRow).ToHaveClassAsync("superseded");
        await Expect(oldRow.Locator("td.links")).ToHaveTextAsync($"被 #{secondId} 更正 · superseded by #{secondId}");
        await Expect(newRow.Locator("td.links")).ToHaveTextAsync($"更正 #{firstId} · corrects #{firstId}");
        await Expect(newRow.Locator("td.reason")).ToHaveTextAsync("复测平面度超差 · Re-measured: flatness out of tolerance");
        await Expect(desk.Locator("#marks-csv")).ToHaveAttributeAsync("href", $"{d.Base}/marks.csv");
        var csv = await desk.Context.APIRequest.GetAsync($"{d.Base}/marks.csv");
        Assert.Equal(200, csv.Status);
        Assert.Contains("Re-measured: flatness out of tolerance", await csv.TextAsync());
        await desk.ScreenshotAsync(new() { Path = Screenshot("desk-audit-1366") });
        Assert.Empty(problems);
    }

    [Fact]
    public async Task ProtestShowsOnTheStandings()
    {
        var d = await DeskCompetition.CreateAsync(Admin);
        await d.Score(Admin, d.Panel[0], "C-02", "A1.3", 4);
        var viewer = await browser.NewPageAsync();
        await viewer.GotoAsync(d.ResultsUrl);
        await Expect(ResultStatus(viewer, "C-02")).ToHaveTextAsync("进行中 Live", Soon);
        var desk = await OpenDeskAsync(d, Laptop);
        var problems = CollectProblems(desk);

        await desk.Locator("[role=tab][data-view=protests]").ClickAsync();
        var row = desk.Locator("#protest-rows tr[data-bib='C-02']");
        await Expect(row.Locator("button")).ToHaveTextAsync("提出申诉 Protest", Soon);
        await row.Locator("button").ClickAsync();
        await Expect(row.Locator(".field-error[data-for=reason]")).ToHaveTextAsync("必须填写原因 / A reason is required");
        await row.Locator("input[name=reason]").FillAsync("C-03 代表队对测量结果提出异议 · Team C-03 disputes the measurement");
        await row.Locator("button").ClickAsync();

        await Expect(row.Locator(".status")).ToHaveTextAsync("申诉中 Protested", Soon);
        await Expect(ResultStatus(viewer, "C-02")).ToHaveTextAsync("申诉中 Protested", Soon);
        await Expect(desk.Locator("#protest-flag")).ToHaveTextAsync("1");
        await Expect(desk.Locator("#matrix tr[data-bib='C-02'] th .status")).ToHaveTextAsync("申诉中 Protested", Soon);
        var standings = await (await Admin.GetAsync($"{d.Base}/stages/{d.StageId}/standings")).Json(HttpStatusCode.OK);
        Assert.Equal("Protested", standings["rows"]!.AsArray().Single(r => r!["bib"]!.GetValue<string>() == "C-02")!["status"]!.GetValue<string>());

        await Expect(row.Locator("button")).ToHaveTextAsync("解决申诉 Resolve");
        await row.Locator("input[name=reason]").FillAsync("复测无误,维持原成绩 · Re-measured, result stands");
        await row.Locator("button").ClickAsync();
        await Expect(row.Locator(".status")).ToHaveTextAsync("进行中 Live", Soon);
        await Expect(ResultStatus(viewer, "C-02")).ToHaveTextAsync("进行中 Live", Soon);
        await Expect(row.Locator(".reason-cell")).ToContainTextAsync("Resolved: 复测无误");
        Assert.Empty(problems);
    }

    [Fact]
    public async Task DeskIsReadableOnLaptopAndFullHdScreens()
    {
        var d = await DeskCompetition.CreateAsync(Admin, moreCompetitors: true);
        // A module in mid-marking: scored, missing, re-score and a corrected mark. "." is not marked yet.
        var measured = new Dictionary<string, string>
        {
            ["C-01"] = "1 2 4", ["C-02"] = "1 0 .", ["C-03"] = "0 . .", ["C-04"] = "1 2 0",
            ["C-05"] = ". 2 4", ["C-06"] = "1 . .", ["C-07"] = ". 0 .", ["C-08"] = ". . .",
        };
        foreach (var (bib, row) in measured)
            foreach (var (value, aspect) in row.Split(' ').Zip(new[] { "A1.1", "A1.2", "A1.3" }))
                if (value != ".") await d.Score(Admin, d.Panel[0], bib, aspect, double.Parse(value));
        var panels = new Dictionary<(string, string), int[]>
        {
            [("C-01", "B1.1")] = [2, 2, 3], [("C-02", "B1.1")] = [3, 3, 3], [("C-03", "B1.1")] = [1, 2],
            [("C-05", "B1.1")] = [2, 3, 0], [("C-01", "B1.2")] = [2, 2, 3], [("C-07", "B1.2")] = [2, 1],
        };
        foreach (var ((bib, aspect), scores) in panels)
            for (var j = 0; j < scores.Length; j++) await d.Score(Admin, d.Panel[j], bib, aspect, scores[j]);
        var wrong = (await Marks(d)).Single(m => m["competitorId"]!.GetValue<int>() == d.Small.Competitors["C-07"]
                                                && m["aspectId"]!.GetValue<int>() == d.Small.Aspects["A1.2"]);
        await d.Correct(Admin, wrong["id"]!.GetValue<long>(), 2, "录入错误,按纸质评分表更正 · Entry error, corrected from the paper sheet");

        // One context for both sizes: sign-ins are rate limited per address.
        var desk = await OpenDeskAsync(d, Laptop);
        var problems = CollectProblems(desk);
        foreach (var (size, label) in new[] { (Laptop, "1366"), (FullHd, "1920") })
        {
            await desk.SetViewportSizeAsync(size.Width, size.Height);
            await desk.GotoAsync(d.DeskUrl);
            await Expect(Cell(desk, "C-05", "B1.1")).ToHaveAttributeAsync("data-outcome", "RescoreRequired", SoonAttribute);
            await Expect(desk.Locator("#live-state")).ToHaveAttributeAsync("data-status", "live", SoonAttribute);
            await desk.EvaluateAsync("document.fonts.ready");
            Assert.True(await desk.EvaluateAsync<bool>(
                "[...document.fonts].some(f => f.family.replaceAll('\"', '') === 'Noto Sans SC' && f.status === 'loaded')"), $"{label}: Noto Sans SC not loaded");
            await AssertNothingOverlaps(desk, label);
            await desk.ScreenshotAsync(new() { Path = Screenshot($"desk-matrix-{label}") });

            // The matrix re-renders when the live snapshot arrives; a click on a cell being replaced can miss, so it is
            // repeated (the panel must still show the correction).
            var note = desk.Locator("#cell-panel .correction-note");
            for (var attempt = 0; attempt < 3 && !await note.IsVisibleAsync(); attempt++)
            {
                await Cell(desk, "C-07", "A1.2").ClickAsync();
                try { await note.WaitForAsync(new() { Timeout = 4000 }); } catch (PlaywrightException) { }
            }
            await Expect(note).ToContainTextAsync("Entry error", SoonContains);
            await AssertNothingOverlaps(desk, $"{label} with the panel");
            // The panel sits beside the matrix, not over it.
            Assert.True(await desk.EvaluateAsync<bool>(
                "document.querySelector('.matrix-scroll').getBoundingClientRect().right <= document.getElementById('cell-panel').getBoundingClientRect().left + 1"),
                $"{label}: the side panel covers the matrix");
            await desk.ScreenshotAsync(new() { Path = Screenshot($"desk-panel-{label}") });

            await desk.Locator("#cell-close").ClickAsync();
            await desk.Locator("[role=tab][data-view=audit]").ClickAsync();
            await Expect(desk.Locator("#audit-rows tr.superseded")).ToHaveCountAsync(1, new() { Timeout = 10_000 });
            await AssertNothingOverlaps(desk, $"{label} audit");
            await desk.ScreenshotAsync(new() { Path = Screenshot($"desk-audit-{label}"), FullPage = true });

            await desk.Locator("[role=tab][data-view=matrix]").ClickAsync();
            await desk.Locator("#lock").ClickAsync();
            await Expect(desk.Locator("#lock-open")).ToBeVisibleAsync();
            await desk.ScreenshotAsync(new() { Path = Screenshot($"desk-lock-{label}") });
            await desk.Keyboard.PressAsync("Escape");
        }
        Assert.Empty(problems);
    }

    async Task<IPage> OpenDeskAsync(DeskCompetition d, ViewportSize size)
    {
        var page = await browser.NewPageAsync(size);
        await d.SignInAsync(page);
        await page.GotoAsync(d.DeskUrl);
        await Expect(page.Locator("#matrix tbody tr")).Not.ToHaveCountAsync(0, new() { Timeout = 10_000 });
        await Expect(page.Locator("#live-state")).ToHaveAttributeAsync("data-status", "live", SoonAttribute);
        return page;
    }

    async Task<List<JsonNode>> Marks(DeskCompetition d) =>
        [.. (await (await Admin.GetAsync($"{d.Base}/marks")).Json(HttpStatusCode.OK)).AsArray().Select(m => m!)];

    /// Page-level checks a screenshot alone would miss: no sideways scroll of the page, and no two controls of the
    /// header and toolbar drawn over each other.
    static async Task AssertNothingOverlaps(IPage page, string label)
    {
        Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= innerWidth"), $"{label}: the page scrolls sideways");
        var overlaps = await page.EvaluateAsync<string[]>("""
            (() => {
              const boxes = [...document.querySelectorAll("header.site h1, .head-side > *, .toolbar > *, .module-control > *, .summary > *, .desk-tabs > *")]
                .filter(e => e.offsetParent !== null)
                .map(e => ({ name: e.id || e.className || e.tagName, r: e.getBoundingClientRect(), e }));
              const found = [];
              for (let i = 0; i < boxes.length; i++)
                for (let j = i + 1; j < boxes.length; j++) {
                  const a = boxes[i], b = boxes[j];
                  if (a.e.contains(b.e) || b.e.contains(a.e)) continue;
                  if (a.r.left < b.r.right - 1 && b.r.left < a.r.right - 1 && a.r.top < b.r.bottom - 1 && b.r.top < a.r.bottom - 1)
                    found.push(`${a.name} × ${b.name}`);
                }
              return found;
            })()
            """);
        Assert.True(overlaps.Length == 0, $"{label}: overlapping: {string.Join(", ", overlaps)}");
    }

    static ILocator Cell(IPage page, string bib, string aspect) => page.Locator($"#matrix td.cell[data-bib='{bib}'][data-aspect='{aspect}']");
    static ILocator Count(IPage page, string key) => page.Locator($"#summary [data-count='{key}']");
    static ILocator ModuleStatus(IPage page) => page.Locator("#module-status");
    static ILocator ResultStatus(IPage page, string bib) => page.Locator($"tr[data-bib='{bib}'] .status");

    static string Screenshot(string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        return Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}.png");
    }

    /// Uncaught exceptions and console errors: a desk that "works" while throwing is not working.
    static List<string> CollectProblems(IPage page)
    {
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add($"pageerror: {error}");
        page.Console += (_, message) => { if (message.Type == "error") problems.Add($"console: {message.Text}"); };
        return problems;
    }
}
