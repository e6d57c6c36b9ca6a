using System.Net;
using System.Text;
using LiveBoard.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static LiveBoard.Browser.Tests.OverlayPages;
using static Microsoft.Playwright.Assertions;

namespace LiveBoard.Browser.Tests;

/// The broadcast overlays in real Chromium against a real server: standalone in OBS (?autoplay=1) and driven as CasparCG /
/// SPX templates through update(), play(), next(), stop() and remove(); transparent, and laid out inside the title-safe area.
public sealed class OverlayTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    /// After each test: no page it opened broke the Content-Security-Policy.
    public void Dispose() => browser.AssertNoCspViolations();

    [Fact]
    public async Task EveryOverlayShowsAMarkSubmittedThroughTheApi()
    {
        var t = await SmallCompetition.CreateAsync(browser.Api);
        var problems = new List<string>();
        var pages = new Dictionary<string, IPage>();
        foreach (var overlay in All) pages[overlay] = await OpenAsync(browser, overlay, $"?competition={t.CompetitionId}&autoplay=1", problems);
        foreach (var page in pages.Values) await LiveAsync(page);
        // Nothing is news yet: the lower third waits off air; the others play themselves in with the start list.
        await Expect(Body(pages["lower-third"])).ToHaveAttributeAsync("data-state", "idle");
        await ShownAsync(pages["leaderboard"]);

        await t.Mark(browser.Api, "C-04", "A1.3", 4);

        var lowerThird = pages["lower-third"];
        await ShownAsync(lowerThird);
        await Expect(Graphic(lowerThird)).ToHaveAttributeAsync("data-kind", "leader");
        await Expect(Graphic(lowerThird)).ToContainTextAsync("欧阳明轩");
        await Expect(lowerThird.Locator(".kicker .tag")).ToHaveTextAsync("新领先New leader");
        await Expect(lowerThird.Locator(".score .total")).ToHaveTextAsync("4.00");
        await Expect(pages["leaderboard"].Locator("li.row").First).ToHaveAttributeAsync("data-bib", "C-04", Soon);
        await Expect(pages["leaderboard"].Locator("li.row[data-bib='C-04'] .total")).ToHaveTextAsync("4.00");
        await Expect(Graphic(pages["card"])).ToHaveAttributeAsync("data-bib", "C-04", Soon);
        await Expect(pages["card"].Locator(".stat.total .value")).ToHaveTextAsync("4.00 / 7.00");
        await Expect(NewsInTicker(pages["ticker"], "C-04").Locator(".t")).ToHaveTextAsync("4.00");

        // A mark that does not change the lead is a new mark; it waits for the leader's lower third to end.
        await t.Mark(browser.Api, "C-02", "A1.2", 2);
        await Expect(pages["leaderboard"].Locator("li.row[data-bib='C-02'] .total")).ToHaveTextAsync("2.00");
        await Expect(Graphic(pages["card"])).ToHaveAttributeAsync("data-bib", "C-02", Soon);
        await Expect(NewsInTicker(pages["ticker"], "C-02").Locator(".new")).ToContainTextAsync("新成绩");
        await lowerThird.EvaluateAsync("next()");
        await Expect(Graphic(lowerThird)).ToHaveAttributeAsync("data-kind", "mark");
        await Expect(Graphic(lowerThird)).ToHaveAttributeAsync("data-bib", "C-02");
        Assert.Empty(problems);
    }

    [Fact]
    public async Task TemplateTakesCasparXmlAndJsonAndPlaysInAndOut()
    {
        var t = await SmallCompetition.CreateAsync(browser.Api);
        await t.Mark(browser.Api, "C-02", "A1.2", 2);
        await t.Mark(browser.Api, "C-03", "A1.1", 1);
        var problems = new List<string>();
        // As CasparCG or SPX loads a template: no parameters; everything arrives through update().
        var page = await OpenAsync(browser, "card", "", problems);
        Assert.Equal("json", await page.EvaluateAsync<string>("SPXGCTemplateDefinition.dataformat"));
        Assert.Equal("manual", await page.EvaluateAsync<string>("SPXGCTemplateDefinition.out"));
        Assert.Equal(await page.EvaluateAsync<string[]>("SPXGCTemplateDefinition.DataFields.map(f => f.field)"),
            await page.EvaluateAsync<string[]>("overlay.fieldNames.map((_, i) => 'f' + i)"));
        await Expect(Body(page)).ToHaveAttributeAsync("data-state", "idle");

        await page.EvaluateAsync("data => update(data)", $"""
            <templateData><componentData id="f0"><data id="text" value="{t.CompetitionId}"/></componentData><componentData id="f6"><data id="text" value="C-02"/></componentData></templateData>
            """);
        await Expect(Graphic(page)).ToHaveAttributeAsync("data-bib", "C-02", Soon);
        await Expect(Body(page)).ToHaveAttributeAsync("data-state", "idle");
        Assert.Equal("0", await Graphic(page).EvaluateAsync<string>("g => getComputedStyle(g).opacity"));

        await page.EvaluateAsync("play()");
        await ShownAsync(page);
        await Expect(Graphic(page)).ToContainTextAsync("李娜");
        await Expect(page.Locator(".stat.total .value")).ToHaveTextAsync("2.00 / 7.00");

        await page.EvaluateAsync("data => update(data)", """{"bib": "C-03", "lang": "en"}""");
        await Expect(Graphic(page)).ToHaveAttributeAsync("data-bib", "C-03");
        await Expect(Graphic(page)).ToContainTextAsync("Wang Fang");
        await Expect(Graphic(page)).Not.ToContainTextAsync("王芳");
        await Expect(Body(page)).ToHaveAttributeAsync("data-state", "in");

        // next() moves down the ranks: C-02 (2.00) is first, C-03 (1.00) second, then the zeros.
        await page.EvaluateAsync("next()");
        await Expect(Graphic(page)).Not.ToHaveAttributeAsync("data-bib", "C-03");
        Assert.Equal(3, await page.Locator(".stat.rank .value").EvaluateAsync<int>("v => +v.textContent"));

        await page.EvaluateAsync("stop()");
        await Expect(Body(page)).ToHaveAttributeAsync("data-state", "out");
        await HiddenAsync(page);

        await page.EvaluateAsync("remove()");
        await Expect(Body(page)).ToHaveAttributeAsync("data-state", "removed");
        Assert.Equal(0, await Graphic(page).EvaluateAsync<int>("g => g.childElementCount"));
        Assert.Empty(problems);
    }

    [Fact]
    public async Task OverlayBackgroundIsTransparent()
    {
        var t = await SmallCompetition.CreateAsync(browser.Api);
        await t.Mark(browser.Api, "C-01", "A1.3", 4);
        var problems = new List<string>();
        var page = await OpenAsync(browser, "leaderboard", $"?competition={t.CompetitionId}&autoplay=1", problems);
        await ShownAsync(page);

        var png = OverlayPng.Decode(await page.ScreenshotAsync(new() { OmitBackground = true }));

        Assert.Equal((1920, 1080), (png.Width, png.Height));
        foreach (var (x, y) in new[] { (0, 0), (1919, 0), (0, 1079), (1919, 1079), (960, 540), (300, 900) })
            Assert.True(png.Alpha(x, y) == 0, $"pixel ({x}, {y}) has alpha {png.Alpha(x, y)}");
        // The board itself (top right, inside the title-safe area) is solid.
        var board = await Graphic(page).BoundingBoxAsync();
        Assert.Equal(255, png.Alpha((int)(board!.X + board.Width / 2), (int)(board.Y + 30)));
        Assert.Empty(problems);
    }

    [Fact]
    public async Task OverlayWithADisplayKeyRegistersAndFollowsTheDisplayDesk()
    {
        var t = await SmallCompetition.CreateAsync(browser.Api);
        var key = (await browser.Api.PostOk("/api/displays/keys", new { name = "OBS" }, HttpStatusCode.OK))["key"]!.GetValue<string>();
        var display = $"obs-{Guid.NewGuid():N}"[..16];
        var problems = new List<string>();
        var page = await OpenAsync(browser, "leaderboard", $"?competition={t.CompetitionId}&autoplay=1&key={Uri.EscapeDataString(key)}&display={display}", problems);
        await ShownAsync(page);

        var registered = false;
        for (var tries = 0; tries < 50 && !registered; tries++, await Task.Delay(200))
            registered = (await (await browser.Api.GetAsync("/api/displays")).Json(HttpStatusCode.OK)).AsArray()
                .Any(d => d!["displayId"]!.GetValue<string>() == display && d["page"]!.GetValue<string>() == "overlays/leaderboard");
        Assert.True(registered, "the overlay did not register with the display desk");

        await browser.Api.PostOk("/api/displays/directives", new { displayId = display, blackout = true }, HttpStatusCode.OK);
        await Expect(Body(page)).ToHaveAttributeAsync("data-blackout", "1", Soon);
        await Expect(Graphic(page)).ToBeHiddenAsync();
        await browser.Api.PostOk("/api/displays/directives", new { displayId = display, blackout = false }, HttpStatusCode.OK);
        await Expect(Graphic(page)).ToBeVisibleAsync();
        Assert.Empty(problems);
    }

    [Fact]
    public async Task EveryOverlayFitsTheTitleSafeAreaInBothLanguagesAndBothFormats()
    {
        var t = await SmallCompetition.CreateAsync(browser.Api);
        await t.Mark(browser.Api, "C-01", "A1.1", 1);
        await t.Mark(browser.Api, "C-01", "A1.3", 4);
        await t.Mark(browser.Api, "C-02", "A1.2", 2);
        await t.Mark(browser.Api, "C-02", "A1.3", 4);
        await t.Mark(browser.Api, "C-04", "A1.3", 4);
        // A worst case for fitting: a long Uyghur name and a company's full name in both languages.
        var company = await browser.Api.PostOk("/api/organisations", new
        {
            nameZh = "上海汽车集团股份有限公司乘用车分公司", nameEn = "SAIC Motor Passenger Vehicle Co.", kind = "Enterprise",
        });
        await (await browser.Api.PostAsync($"{t.Base}/competitors/import", new StringContent(
            $"bib,nameZh,nameEn,organisation\nC-05,阿卜杜热合曼·买买提,Abdurahman Memet,{company.Id()}\n", Encoding.UTF8, "text/csv")))
            .Json(HttpStatusCode.OK);
        var competitor = (await (await browser.Api.GetAsync($"{t.Base}/competitors")).Json(HttpStatusCode.OK)).AsArray()
            .Single(c => c!["bib"]!.GetValue<string>() == "C-05")!.Id();
        await browser.Api.PostOk($"{t.Base}/marks", new
        {
            aspectId = t.Aspects["A1.2"], competitorId = competitor, judgeId = t.Judge, value = 2, idempotencyKey = Guid.NewGuid().ToString(),
        });

        // One page per overlay, switched between formats and languages through update(), as an operator would.
        var problems = await Task.WhenAll(All.Select(async overlay =>
        {
            var found = new List<string>();
            var page = await OpenAsync(browser, overlay, $"?competition={t.CompetitionId}&bib=C-05&guides=1", found);
            await LiveAsync(page);
            await page.EvaluateAsync("play()");
            await ShownAsync(page);
            foreach (var (layout, viewport) in new[] { ("horizontal", Horizontal), ("vertical", Vertical) })
            foreach (var lang in new[] { "zh-en", "en" })
            {
                var name = $"{overlay}-{layout}-{lang}";
                await page.SetViewportSizeAsync(viewport.Width, viewport.Height);
                await page.EvaluateAsync("data => update(data)", $$"""{"layout": "{{layout}}", "lang": "{{lang}}"}""");
                await page.EvaluateAsync("document.fonts.ready.then(() => new Promise(requestAnimationFrame))");

                Assert.True(await page.EvaluateAsync<bool>(
                    "[...document.fonts].some(f => f.family.replaceAll('\"', '') === 'Noto Sans SC' && f.status === 'loaded')"), $"{name}: Noto Sans SC not loaded");
                var safe = await page.Locator(".lb-guide-title").BoundingBoxAsync();
                Assert.Equal(layout == "horizontal" ? (96, 54, 1728, 972) : (54, 96, 972, 1728),
                    ((int)safe!.X, (int)safe.Y, (int)safe.Width, (int)safe.Height));
                found.AddRange((await LayoutProblemsAsync(page)).Select(p => $"{name}: {p}"));
                await SaveScreenshotAsync(page, name);
            }
            await page.Context.CloseAsync();
            return found;
        }));
        Assert.Empty(problems.SelectMany(p => p));
    }

    [Fact]
    public async Task TickerStandsStillForViewersWhoAskForReducedMotion()
    {
        var t = await SmallCompetition.CreateAsync(browser.Api);
        await t.Mark(browser.Api, "C-01", "A1.3", 4);
        var problems = new List<string>();
        var page = await browser.NewPageAsync(Horizontal);
        await page.EmulateMediaAsync(new() { ReducedMotion = ReducedMotion.Reduce });
        page.PageError += (_, error) => problems.Add($"pageerror: {error}");
        await page.GotoAsync($"/displays/overlays/ticker.html?competition={t.CompetitionId}&autoplay=1");
        await ShownAsync(page);

        await Expect(page.Locator(".ticker.static .item")).ToHaveCountAsync(1);
        var first = await page.Locator(".ticker .item").GetAttributeAsync("data-bib");
        await page.WaitForTimeoutAsync(300);
        Assert.Equal("", await page.Locator(".ticker .track").EvaluateAsync<string>("t => t.style.transform"));
        await page.EvaluateAsync("next()");
        await Expect(page.Locator(".ticker .item")).Not.ToHaveAttributeAsync("data-bib", first!);
        Assert.Empty(problems);
    }

    /// The ticker's news item of a competitor; items already scrolling keep their older text until they leave.
    static ILocator NewsInTicker(IPage page, string bib) =>
        page.Locator($".ticker .item[data-bib='{bib}']").Filter(new() { Has = page.Locator(".new") }).First;
}
