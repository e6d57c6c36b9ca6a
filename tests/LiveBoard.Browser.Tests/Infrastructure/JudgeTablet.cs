using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveBoard.Browser.Tests.Infrastructure;

/// The judge app on a tablet: a browser context of its own (cookies, IndexedDB, service worker and network state),
/// and the steps a judge takes, by what they see on the screen.
public sealed class JudgeTablet(IPage page)
{
    public static readonly ViewportSize Landscape = new() { Width = 1024, Height = 768 };
    public static readonly ViewportSize Portrait = new() { Width = 768, Height = 1024 };
    // A loaded CI machine runs every test assembly at once; a pass takes well under a second.
    public static readonly LocatorAssertionsToHaveAttributeOptions Soon = new() { Timeout = 10_000 };
    public static readonly LocatorAssertionsToContainTextOptions SoonText = new() { Timeout = 10_000 };

    public IPage Page { get; } = page;
    /// Uncaught exceptions and console errors: a page that "works" while throwing is not working.
    public List<string> Problems { get; } = [];

    /// blockServiceWorkers: Playwright's request routing does not see requests a service worker handles, so tests that
    /// route the API run without the app's service worker.
    public static async Task<JudgeTablet> OpenAsync(BrowserFixture browser, ViewportSize? viewport = null, bool blockServiceWorkers = false)
    {
        var context = await browser.NewContextAsync(new()
        {
            BaseURL = browser.Server.BaseAddress.ToString(),
            ViewportSize = viewport ?? Landscape,
            HasTouch = true,
            Locale = "zh-CN",
            TimezoneId = "Asia/Shanghai",
            ServiceWorkers = blockServiceWorkers ? ServiceWorkerPolicy.Block : ServiceWorkerPolicy.Allow,
        });
        var tablet = new JudgeTablet(await context.NewPageAsync());
        tablet.Page.PageError += (_, error) => tablet.Problems.Add($"pageerror: {error}");
        tablet.Page.Console += (_, message) =>
        {
            // A failed fetch while offline is logged by Chromium as a console error; that is the network, not the app.
            if (message.Type == "error" && !message.Text.Contains("net::ERR_INTERNET_DISCONNECTED") && !message.Text.Contains("Failed to load resource"))
                tablet.Problems.Add($"console: {message.Text}");
        };
        return tablet;
    }

    public ILocator Sync => Page.Locator("#sync");
    public ILocator Competitor(string bib) => Page.Locator($".competitor[data-bib='{bib}']");
    public ILocator Aspect(string code) => Page.Locator($".aspect[data-aspect='{code}']");
    public ILocator Score(string aspect, double value) =>
        Aspect(aspect).Locator($"button.score[data-value='{value.ToString(System.Globalization.CultureInfo.InvariantCulture)}']");

    /// Opens the link of the judge's QR code and waits until the app has signed in and lists their modules.
    public async Task SignInWithCodeAsync(string code)
    {
        await Page.GotoAsync($"/judge/#code={code}");
        await Expect(Page.Locator("button.module").First).ToBeVisibleAsync(new() { Timeout = 10_000 });
    }

    public async Task OpenModuleAsync(string code = "P1")
    {
        await Page.Locator($"button.module[data-module='{code}']").ClickAsync();
        await Expect(Page.Locator(".competitors")).ToBeVisibleAsync(new() { Timeout = 10_000 });
    }

    public async Task OpenCompetitorAsync(string bib)
    {
        await Competitor(bib).ClickAsync();
        await Expect(Page.Locator("#competitor")).ToHaveAttributeAsync("data-bib", bib, Soon);
    }

    public Task ExpectAllSentAsync() => Expect(Sync).ToHaveAttributeAsync("data-state", "synced", Soon);

    public async Task EnterDeviationAsync(string aspect, string text)
    {
        await Aspect(aspect).Locator("input.deviation").FillAsync(text);
        await Aspect(aspect).Locator("button.record").ClickAsync();
    }

    public async Task ScreenshotAsync(string name, bool fullPage = false)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        // The self-hosted font must have drawn the Chinese before the picture is taken.
        await Page.EvaluateAsync("document.fonts.ready");
        // From the top, so the sticky bar is drawn where it belongs on a full-page picture.
        if (fullPage) await Page.EvaluateAsync("scrollTo(0, 0)");
        await Page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}.png"), FullPage = fullPage });
    }

    public Task CloseAsync() => Page.Context.CloseAsync();
}
