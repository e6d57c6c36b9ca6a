using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LiveBoard.Browser.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveBoard.Browser.Tests;

/// What an attacker can type reaches every page as text: names full of markup and script run nowhere, in real Chromium,
/// under the real Content-Security-Policy; and the sign-in page returns only to this site.
public sealed class HostileInputTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    /// After each test: no page it opened broke the Content-Security-Policy.
    public void Dispose() => browser.AssertNoCspViolations();

    // Markup, script, a script URL, and a template expression (for a page that ever evaluates {{…}}). No control
    // characters: the server refuses those in names.
    const string Img = "<img src=x onerror=window.__xss=1;alert(1)>";
    const string Script = "\"><script>window.__xss=1</script>";
    const string Url = "javascript:window.__xss=1";
    const string Svg = "<svg onload=window.__xss=1>";
    const string Template = "{{constructor.constructor('window.__xss=1')()}}";
    static readonly string[] Payloads = [Img, Script, Url, Svg, Template];
    static readonly ViewportSize FullHd = new() { Width = 1920, Height = 1080 };
    static readonly PageAssertionsToHaveURLOptions SoonUrl = new() { Timeout = 10_000 };

    string AdminPassword => browser.Server.Services.GetRequiredService<IConfiguration>()["Accounts:AdminPassword"]!;

    [Fact]
    public async Task SignInReturnsOnlyToPathsOnThisSite()
    {
        var page = await browser.NewPageAsync();
        // Browsers read "/\host" and "/<tab>/host" as "//host": these sent the browser to example.org before.
        foreach (var query in new[] { "return=%2F%5Cexample.org%2Fx", "return=/%09/example.org" })
        {
            await page.GotoAsync($"/signin.html?{query}");
            await SignInThroughTheFormAsync(page);
            await Expect(page).ToHaveURLAsync(browser.Server.BaseAddress.ToString(), SoonUrl);
        }
        await page.GotoAsync($"/signin.html?return={Uri.EscapeDataString("/admin/competition.html?id=7#judges")}");
        await SignInThroughTheFormAsync(page);
        await Expect(page).ToHaveURLAsync(new Uri(browser.Server.BaseAddress, "/admin/competition.html?id=7#judges").ToString(), SoonUrl);

        // The same rule without signing in once per case (sign-in is rate limited per address).
        await page.GotoAsync("/signin.html");
        var cases = new Dictionary<string, string>
        {
            ["/\\example.org/x"] = "/", ["/\t/example.org"] = "/", ["/\n/example.org"] = "/", ["//example.org"] = "/",
            ["https://example.org/"] = "/", ["javascript:alert(1)"] = "/", ["admin/"] = "/", ["/%5Cexample.org"] = "/%5Cexample.org",
            ["/\u0085/example.org"] = "/", ["/admin/?x=1#y"] = "/admin/?x=1#y", ["/desk/"] = "/desk/", [""] = "/",
        };
        foreach (var (value, expected) in cases)
            Assert.Equal(expected, await page.EvaluateAsync<string>(
                "async value => (await import('/js/signin.js')).safeReturnAddress(value)", value));
    }

    async Task SignInThroughTheFormAsync(IPage page)
    {
        await page.Locator("input[name=userName]").FillAsync("admin");
        await page.Locator("input[name=password]").FillAsync(AdminPassword);
        await page.Locator("#signin button[type=submit]").ClickAsync();
    }

    [Fact]
    public async Task PayloadNamesShowAsTextOnPublicAndStaffPages()
    {
        var t = await PayloadCompetition.CreateAsync(browser.Api);
        var dialogs = new List<string>();

        var context = await browser.NewContextAsync(new() { BaseURL = browser.Server.BaseAddress.ToString(), ViewportSize = new() { Width = 1366, Height = 768 } });
        WatchDialogs(context, dialogs);
        var page = await context.NewPageAsync();
        foreach (var url in new[] { "/", $"/results.html?competition={t.CompetitionId}&stage={t.PrelimId}", $"/medals.html?series={t.SeriesId}" })
            await ExpectPayloadsShownAsTextAsync(page, url);

        // Staff pages, signed in as an admin whose own display name is a payload (the staff header shows it).
        var response = await context.APIRequest.PostAsync("/api/account/sign-in", new() { DataObject = new { userName = t.AdminUserName, password = PayloadCompetition.Password } });
        Assert.True(response.Ok, $"sign-in: {response.Status}");
        foreach (var url in new[]
                 {
                     "/admin/", $"/admin/competition.html?id={t.CompetitionId}", "/admin/accounts.html",
                     $"/desk/?competition={t.CompetitionId}&module={t.PrelimModuleId}", $"/control/?competition={t.CompetitionId}",
                 })
            await ExpectPayloadsShownAsTextAsync(page, url);
        // The printable sheet of judges' sign-in codes is built on the server.
        await page.GotoAsync($"/admin/competition.html?id={t.CompetitionId}#codes");
        var sheet = await page.RunAndWaitForPopupAsync(() => page.Locator("#code-sheet button[type=submit]").ClickAsync());
        await ExpectPayloadsShownAsTextAsync(sheet, null);

        // The judge app, signed in with the judge's one-time code: modules, then competitors and aspects.
        var tablet = await JudgeTablet.OpenAsync(browser);
        WatchDialogs(tablet.Page.Context, dialogs);
        await tablet.SignInWithCodeAsync(await t.AccessCodeAsync(browser.Api));
        await ExpectPayloadsShownAsTextAsync(tablet.Page, null);
        await tablet.Page.Locator("button.module").First.ClickAsync();
        await Expect(tablet.Page.Locator(".competitors")).ToBeVisibleAsync(new() { Timeout = 10_000 });
        await ExpectPayloadsShownAsTextAsync(tablet.Page, null);

        Assert.Empty(dialogs);
    }

    [Fact]
    public async Task PayloadNamesShowAsTextOnEveryScreenAndOverlay()
    {
        var t = await PayloadCompetition.CreateAsync(browser.Api);
        var key = (await browser.Api.PostOk("/api/displays/keys", new { name = Svg }, HttpStatusCode.OK))["key"]!.GetValue<string>();
        var dialogs = new List<string>();
        var context = await browser.NewContextAsync(new() { BaseURL = browser.Server.BaseAddress.ToString(), ViewportSize = FullHd });
        WatchDialogs(context, dialogs);
        var page = await context.NewPageAsync();

        var screen = $"/displays/screen.html?key={Uri.EscapeDataString(key)}&competition={t.CompetitionId}";
        foreach (var pages in new[] { "leaderboard", "progress", "schedule", "highlights", "awards", "series" })
            await ExpectPayloadsShownAsTextAsync(page, $"{screen}&pages={pages}&display=xss-{pages}&name={Uri.EscapeDataString(Img)}");

        // The award ceremony: the first place revealed (no medal), then the bronze citation.
        await browser.Api.PostOk($"{t.Base}/ceremony", new { action = "start" }, HttpStatusCode.OK);
        await page.GotoAsync($"{screen}&pages=leaderboard");
        await Expect(page.Locator("#ceremony")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        for (var step = 1; step <= 2; step++)
        {
            await browser.Api.PostOk($"{t.Base}/ceremony", new { action = "next" }, HttpStatusCode.OK);
            await Expect(page.Locator("#ceremony")).ToHaveAttributeAsync("data-step", step.ToString(), new() { Timeout = 15_000 });
            await ExpectPayloadsShownAsTextAsync(page, null);
        }
        await browser.Api.PostOk($"{t.Base}/ceremony", new { action = "end" }, HttpStatusCode.OK);

        foreach (var overlay in OverlayPages.All)
            foreach (var bib in new[] { null, PayloadCompetition.PayloadBib })
            {
                var query = bib is null ? "" : $"&bib={Uri.EscapeDataString(bib)}";
                await page.GotoAsync($"/displays/overlays/{overlay}.html?competition={t.CompetitionId}&key={Uri.EscapeDataString(key)}&autoplay=1{query}");
                await OverlayPages.LiveAsync(page);
                // The lower third goes on air only with news: a new mark (in a cell not marked yet) while it is open.
                if (overlay == "lower-third") await t.MarkAsync(browser.Api, bib ?? "C-03", "A1.1", 1);
                await ExpectPayloadsShownAsTextAsync(page, null);
            }

        Assert.Empty(dialogs);
    }

    static void WatchDialogs(IBrowserContext context, List<string> dialogs) =>
        context.Dialog += async (_, dialog) => { dialogs.Add($"{dialog.Type}: {dialog.Message}"); await dialog.DismissAsync(); };

    /// Opens the page (or takes it as it is), waits until it shows at least one payload literally, then checks that none
    /// ran and none became markup: no element with an event handler attribute, no script in the body, no javascript: link.
    static async Task ExpectPayloadsShownAsTextAsync(IPage page, string? url)
    {
        if (url is not null) await page.GotoAsync(url);
        var where = url ?? page.Url;
        try
        {
            await page.WaitForFunctionAsync("payloads => payloads.some(p => document.body.textContent.includes(p))", Payloads, new() { Timeout = 15_000 });
        }
        catch (TimeoutException)
        {
            Assert.Fail($"{where}: no payload shown as text; the page shows: {await page.EvaluateAsync<string>("document.body.innerText.slice(0, 600)")}");
        }
        // A moment for anything the page renders next (a rotation, a second snapshot) to run.
        await page.WaitForTimeoutAsync(300);
        Assert.True(await page.EvaluateAsync<bool>("typeof window.__xss === 'undefined'"), $"{where}: a payload ran");
        var markup = await page.EvaluateAsync<string[]>("""
            [...document.querySelectorAll("[onerror], [onload], body script:not([src]), a[href^='javascript:' i], img[src='x']")]
              .map(e => e.outerHTML.slice(0, 120))
            """);
        Assert.True(markup.Length == 0, $"{where}: payload became markup: {string.Join(" | ", markup)}");
    }

    /// A competition every name of which is a payload: series, organisations, competition, stages, modules, criteria and
    /// aspects, competitors (and one bib), judges, a staff account; the preliminary live with marks, the final locked
    /// with medals, so every page has names to show.
    sealed class PayloadCompetition
    {
        public const string Password = "payload-admin-password";
        // Bibs are at most 20 characters.
        public const string PayloadBib = "<svg onload=__xss=1>";
        public int SeriesId, CompetitionId, PrelimId, FinalId, PrelimModuleId, FinalModuleId, Judge;
        public string AdminUserName = "";
        readonly Dictionary<string, int> competitors = [];
        readonly Dictionary<(int Stage, string Aspect), int> aspects = [];

        public string Base => $"/api/competitions/{CompetitionId}";

        public static async Task<PayloadCompetition> CreateAsync(HttpClient http)
        {
            var t = new PayloadCompetition();
            var unique = Guid.NewGuid().ToString("N")[..8];
            t.SeriesId = (await http.PostOk("/api/series", new { slug = $"xss-{unique}", nameZh = Img, nameEn = Script, sloganZh = Svg, sloganEn = Template })).Id();
            var federation = (await http.PostOk("/api/organisations", new { nameZh = Svg, nameEn = Url, kind = "Federation" })).Id();
            var first = (await http.PostOk("/api/organisations", new { nameZh = Img, nameEn = Template, kind = "Enterprise", parentId = federation })).Id();
            var second = (await http.PostOk("/api/organisations", new { nameZh = Script, nameEn = Svg, kind = "Enterprise", parentId = federation })).Id();
            t.CompetitionId = (await http.PostOk("/api/competitions", new
            {
                seriesId = t.SeriesId, slug = $"xss-{unique}", tradeZh = Template, tradeEn = Img, level = "City", venueZh = Script, venueEn = Url,
                rules = new { panelRule = "WorldSkills", panelSize = 3, goldCount = 1, silverCount = 1, bronzeCount = 1 },
            })).Id();
            t.PrelimId = (await http.PostOk($"{t.Base}/stages", new { kind = "Preliminary", nameZh = Svg, nameEn = Script, advancement = "TopN", advancementValue = 2 })).Id();
            t.FinalId = (await http.PostOk($"{t.Base}/stages", new { kind = "Final", nameZh = Img, nameEn = Template })).Id();
            var now = DateTimeOffset.UtcNow;
            t.PrelimModuleId = (await http.PostOk($"{t.Base}/stages/{t.PrelimId}/modules", new
            {
                code = "P1", nameZh = Url, nameEn = Img, startsAt = now.AddHours(-1), endsAt = now.AddHours(2),
            })).Id();
            t.FinalModuleId = (await http.PostOk($"{t.Base}/stages/{t.FinalId}/modules", new
            {
                code = "F1", nameZh = Script, nameEn = Svg, startsAt = now.AddHours(-3), endsAt = now.AddHours(-2),
            })).Id();
            await t.SchemeAsync(http, t.PrelimId, "P1");
            await t.SchemeAsync(http, t.FinalId, "F1");

            var csv = new StringBuilder("bib,nameZh,nameEn,organisation\n");
            csv.Append($"{Csv(PayloadBib)},{Csv(Img)},{Csv(Script)},{first}\n");
            csv.Append($"C-02,{Csv(Svg)},{Csv(Template)},{second}\n");
            csv.Append($"C-03,{Csv(Script)},{Csv(Url)},{first}\n");
            csv.Append($"C-04,{Csv(Template)},{Csv(Img)},{second}\n");
            await (await http.PostAsync($"{t.Base}/competitors/import", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"))).Json(HttpStatusCode.OK);
            foreach (var c in (await (await http.GetAsync($"{t.Base}/competitors")).Json(HttpStatusCode.OK)).AsArray())
                t.competitors[c!["bib"]!.GetValue<string>()] = c.Id();
            await (await http.PostAsJsonAsync($"{t.Base}/stages/{t.FinalId}/entries", new { competitorIds = t.competitors.Values.ToArray() })).Json(HttpStatusCode.OK);

            t.Judge = (await http.PostOk("/api/judges", new { nameZh = Img, nameEn = Script })).Id();
            await http.PostOk($"{t.Base}/assignments", new { judgeId = t.Judge });
            t.AdminUserName = $"xss-{unique}";
            await http.PostOk("/api/accounts", new { userName = t.AdminUserName, displayName = Svg, password = Password, roles = new[] { "admin" } });

            // The final, marked and locked: official results, medals and a ceremony.
            await t.StatusAsync(http, t.FinalModuleId, "F1", "Live");
            // Totals: the payload bib 7, C-02 6, C-03 5, C-04 1.
            foreach (var (bib, marks) in new (string, (string, double)[])[]
                     {
                         (PayloadBib, [("A1.1", 1), ("A1.2", 2), ("A1.3", 4)]), ("C-02", [("A1.2", 2), ("A1.3", 4)]),
                         ("C-03", [("A1.1", 1), ("A1.3", 4)]), ("C-04", [("A1.1", 1)]),
                     })
                foreach (var (aspect, value) in marks)
                    await t.MarkAsync(http, bib, aspect, value, final: true);
            await http.CompleteModuleAsync(t.Base, t.FinalModuleId);
            await t.StatusAsync(http, t.FinalModuleId, "F1", "Locked");
            // The preliminary, live with a mark or two: news, progress, a leader.
            await t.StatusAsync(http, t.PrelimModuleId, "P1", "Live");
            await t.MarkAsync(http, "C-02", "A1.3", 4);
            await t.MarkAsync(http, PayloadBib, "A1.2", 2);
            return t;
        }

        public async Task<string> AccessCodeAsync(HttpClient http) =>
            (await http.PostOk($"/api/judges/{Judge}/access-codes", new { }, HttpStatusCode.OK))["code"]!.GetValue<string>();

        async Task SchemeAsync(HttpClient http, int stageId, string module)
        {
            var scheme = await http.PutAsync($"{Base}/stages/{stageId}/scheme", JsonContent.Create(new object[]
            {
                Measurement(module, "A1.1", "1.00", Img, Script),
                Measurement(module, "A1.2", "2.00", Svg, Template),
                Measurement(module, "A1.3", "4.00", Url, Img),
            }));
            foreach (var aspect in (await scheme.Json(HttpStatusCode.OK))["aspects"]!.AsArray())
                aspects[(stageId, aspect!["code"]!.GetValue<string>())] = aspect.Id();
        }

        static object Measurement(string module, string aspect, string maxMark, string zh, string en) => new
        {
            criterion = "A", criterionZh = Template, criterionEn = Svg, subCriterion = "A1", module, aspect,
            type = "M", maxMark, descriptionZh = zh, descriptionEn = en,
        };

        Task StatusAsync(HttpClient http, int moduleId, string code, string status) =>
            http.PostOk($"{Base}/modules/{moduleId}/status", new { status, confirm = code }, HttpStatusCode.OK);

        /// The marks rate limit is far above a person's pace but not a test's: wait and send again.
        public async Task<JsonNode> MarkAsync(HttpClient http, string bib, string aspect, double value, bool final = false)
        {
            var body = new
            {
                aspectId = aspects[(final ? FinalId : PrelimId, aspect)], competitorId = competitors[bib], judgeId = Judge, value,
                idempotencyKey = Guid.NewGuid().ToString(),
            };
            while (true)
            {
                var response = await http.PostAsJsonAsync($"{Base}/marks", body);
                if (response.StatusCode != HttpStatusCode.TooManyRequests) return await response.Json(HttpStatusCode.Created);
                await Task.Delay(250);
            }
        }

        static string Csv(string value) => "\"" + value.Replace("\"", "\"\"") + "\"";
    }
}
