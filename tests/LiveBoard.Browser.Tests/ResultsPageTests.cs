using System.Text.Json;
using LiveBoard.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveBoard.Browser.Tests;

/// The public standings page in real Chromium against a real server: marks submitted through the API reach the page
/// over the live hub, and the page resumes after losing the link or a push.
public sealed class ResultsPageTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    /// After each test: no page it opened broke the Content-Security-Policy.
    public void Dispose() => browser.AssertNoCspViolations();

    // Generous for a loaded CI machine (test.sh runs every test assembly at once on two cores); a pass takes well under 1 s.
    static readonly LocatorAssertionsToHaveTextOptions Soon = new() { Timeout = 10_000 };
    static readonly LocatorAssertionsToHaveAttributeOptions SoonAttribute = new() { Timeout = 10_000 };

    [Fact]
    public async Task ResultsPageShowsAMarkSubmittedThroughTheApi()
    {
        var t = await SmallCompetition.CreateAsync(browser.Api);
        var page = await browser.NewPageAsync();
        var problems = CollectProblems(page);
        await page.GotoAsync(ResultsUrl(t));
        await Expect(State(page)).ToHaveTextAsync("实时 Live", Soon);
        await Expect(Total(page, "C-01")).ToHaveTextAsync("0.00");

        await t.Mark(browser.Api, "C-01", "A1.3", 4);

        await Expect(Total(page, "C-01")).ToHaveTextAsync("4.00", Soon);
        await Expect(page.Locator("#announce")).ToHaveTextAsync("领先:张伟 4.00 · Leader: Zhang Wei");
        await Expect(State(page)).ToHaveAttributeAsync("data-status", "live");
        Assert.Empty(problems);
    }

    [Fact]
    public async Task ClientResumesAfterGoingOffline()
    {
        var t = await SmallCompetition.CreateAsync(browser.Api);
        var page = await browser.NewPageAsync();
        var subscribes = RecordSubscribes(page);
        await page.GotoAsync(ResultsUrl(t));
        await Expect(State(page)).ToHaveTextAsync("实时 Live", Soon);

        // Chromium's offline mode does not close an open WebSocket: it holds its frames back, and delivers them when
        // back online. The client listens for the browser's offline event and drops the link itself, as it would on a
        // phone leaving Wi-Fi, so this exercises a real disconnect, reconnect and resume.
        await page.Context.SetOfflineAsync(true);
        await Expect(State(page)).ToHaveAttributeAsync("data-status", "offline", SoonAttribute);
        await Expect(State(page)).ToContainTextAsync("Offline since");
        await page.ScreenshotAsync(new() { Path = Screenshot("results-offline") });
        await t.Mark(browser.Api, "C-02", "A1.2", 2);
        // Two head intervals: nothing may reach an offline page.
        await page.WaitForTimeoutAsync(1_000);
        await Expect(Total(page, "C-02")).ToHaveTextAsync("0.00");

        await page.Context.SetOfflineAsync(false);

        await Expect(Total(page, "C-02")).ToHaveTextAsync("2.00", Soon);
        await Expect(State(page)).ToHaveTextAsync("实时 Live", Soon);
        // Resumed from the last applied seq, not from a fresh snapshot.
        Assert.Null(subscribes[0].Since);
        Assert.True(subscribes.Count >= 2, "no subscribe after reconnecting");
        Assert.NotNull(subscribes[^1].Since);
    }

    [Fact]
    public async Task ClientDetectsAGapFromHeadsAndResumes()
    {
        var t = await SmallCompetition.CreateAsync(browser.Api);
        var page = await browser.NewPageAsync();
        var subscribes = RecordSubscribes(page);
        await page.GotoAsync(ResultsUrl(t));
        await Expect(State(page)).ToHaveTextAsync("实时 Live", Soon);

        // The client's test seam: ignore the next pushed event, as if the backplane had lost it. The mark then arrives
        // only if Heads shows the channel ahead of the page and the page subscribes again from its last seq.
        await page.EvaluateAsync("window.__liveboardDropNext = 1");
        await t.Mark(browser.Api, "C-03", "A1.1", 1);

        await Expect(Total(page, "C-03")).ToHaveTextAsync("1.00", Soon);
        Assert.Equal(0, await page.EvaluateAsync<int>("window.__liveboardDropNext"));
        Assert.True(subscribes.Count >= 2, "no subscribe after the lost push");
        Assert.All(subscribes.Skip(1), s => Assert.NotNull(s.Since));
    }

    [Fact]
    public async Task ResultsPageRendersChineseWithoutOverlapOnDesktopAndPhone()
    {
        var t = await SmallCompetition.CreateAsync(browser.Api);
        await t.Mark(browser.Api, "C-01", "A1.1", 1);
        await t.Mark(browser.Api, "C-01", "A1.3", 4);
        await t.Mark(browser.Api, "C-02", "A1.2", 2);
        await t.Mark(browser.Api, "C-02", "A1.3", 4);
        await t.Mark(browser.Api, "C-03", "A1.1", 1);

        foreach (var (name, width, height) in new[] { ("results-desktop", 1280, 900), ("results-phone", 390, 844) })
        {
            var page = await browser.NewPageAsync(new ViewportSize { Width = width, Height = height });
            await page.GotoAsync(ResultsUrl(t));
            await Expect(State(page)).ToHaveTextAsync("实时 Live", Soon);
            await Expect(Total(page, "C-02")).ToHaveTextAsync("6.00", Soon);
            await page.EvaluateAsync("document.fonts.ready");

            // The self-hosted font, not a system fallback, draws the Chinese names.
            Assert.True(await page.EvaluateAsync<bool>(
                "[...document.fonts].some(f => f.family.replaceAll('\"', '') === 'Noto Sans SC' && f.status === 'loaded')"), $"{name}: Noto Sans SC not loaded");
            // Only the table scrolls sideways on a phone, never the page.
            Assert.True(await page.EvaluateAsync<bool>("document.documentElement.scrollWidth <= innerWidth"), $"{name}: the page scrolls sideways");
            // The badge floats beside the heading: its box must not touch the heading's text (a block's box spans the row).
            Assert.False(await page.EvaluateAsync<bool>("""
                (() => {
                  const badge = document.getElementById("live-state").getBoundingClientRect();
                  const range = document.createRange();
                  range.selectNodeContents(document.getElementById("title"));
                  return [...range.getClientRects()].some(r =>
                    r.left < badge.right && badge.left < r.right && r.top < badge.bottom && badge.top < r.bottom);
                })()
                """), $"{name}: the status badge overlaps the title");

            await page.ScreenshotAsync(new() { Path = Screenshot(name), FullPage = true });
            await page.Context.CloseAsync();
        }
    }

    static string ResultsUrl(SmallCompetition t) => $"/results.html?competition={t.CompetitionId}&stage={t.PrelimId}";

    static string Screenshot(string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        return Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}.png");
    }

    static ILocator State(IPage page) => page.Locator("#live-state");

    static ILocator Total(IPage page, string bib) => page.Locator($"tr[data-bib='{bib}'] td.total");

    /// Uncaught exceptions and console errors: a page that "works" while throwing is not working.
    static List<string> CollectProblems(IPage page)
    {
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add($"pageerror: {error}");
        page.Console += (_, message) => { if (message.Type == "error") problems.Add($"console: {message.Text}"); };
        return problems;
    }

    /// The Subscribe invocations the page sends, read off its WebSocket frames (SignalR JSON: records end with 0x1E).
    static List<(string Channel, long? Since)> RecordSubscribes(IPage page)
    {
        var calls = new List<(string, long?)>();
        page.WebSocket += (_, socket) => socket.FrameSent += (_, frame) =>
        {
            foreach (var record in (frame.Text ?? "").Split('\u001e', StringSplitOptions.RemoveEmptyEntries))
            {
                using var message = JsonDocument.Parse(record);
                if (!message.RootElement.TryGetProperty("target", out var target) || target.GetString() != "Subscribe") continue;
                var arguments = message.RootElement.GetProperty("arguments");
                long? since = arguments[1].ValueKind == JsonValueKind.Null ? null : arguments[1].GetInt64();
                lock (calls) calls.Add((arguments[0].GetString()!, since));
            }
        };
        return calls;
    }
}
