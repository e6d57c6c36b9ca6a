using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace LiveBoard.Browser.Tests.Infrastructure;

/// One server and one Chromium per test class: starting them costs more than the tests. Each test takes a fresh
/// browser context (its own cookies, cache and network state) and its own competition, so tests stay independent.
public sealed class BrowserFixture : IAsyncLifetime
{
    public LiveBoardServer Server { get; } = new();
    public HttpClient Api { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    IPlaywright playwright = null!;

    /// Screenshots for a person to look at, next to the test binaries (bin/ is not committed).
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "artifacts", "screenshots");

    public async Task InitializeAsync()
    {
        Server.Start();
        Api = await Server.CreateAdminClientAsync();
        playwright = await Playwright.CreateAsync();
        // Playwright cannot download its own browsers here: Debian's Chromium (scripts/setup.sh installs it) is used instead.
        Browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = "/usr/bin/chromium",
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run"],
        });
    }

    /// A page in a context of its own; navigate after attaching any listeners, so they see the whole load.
    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null)
    {
        var context = await NewContextAsync(new()
        {
            BaseURL = Server.BaseAddress.ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
            Locale = "zh-CN",
            // Viewers are in Shanghai: "offline since hh:mm:ss" is read in their time.
            TimezoneId = "Asia/Shanghai",
        });
        return await context.NewPageAsync();
    }

    readonly ConcurrentQueue<string> cspViolations = new();

    /// A browser context whose pages report every Content-Security-Policy violation (a blocked inline script or style,
    /// a blocked connection) to this fixture; each test class checks them after each test (AssertNoCspViolations).
    /// Open every context through here, not through Browser directly.
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions options)
    {
        var context = await Browser.NewContextAsync(options);
        // Playwright's binding and init script are injected by the browser itself, so the page's own policy cannot block them.
        await context.ExposeFunctionAsync<string>("__liveboardCspViolation", text => cspViolations.Enqueue(text));
        await context.AddInitScriptAsync("""
            document.addEventListener("securitypolicyviolation", e => window.__liveboardCspViolation(
              `${e.effectiveDirective} refused ${e.blockedURI || "inline code"} at ${e.sourceFile || e.documentURI}:${e.lineNumber}`), true);
            """);
        // Chromium also logs each violation to the console; this catches any the event misses (e.g. in a worker).
        context.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy")) cspViolations.Enqueue($"console at {message.Location}: {message.Text}");
        };
        return context;
    }

    /// Fails with every Content-Security-Policy violation reported since the last call, and forgets them.
    public void AssertNoCspViolations()
    {
        var seen = new List<string>();
        while (cspViolations.TryDequeue(out var violation)) seen.Add(violation);
        Assert.True(seen.Count == 0, "Content-Security-Policy violations:\n" + string.Join("\n", seen.Distinct()));
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
        Api.Dispose();
        await Server.DisposeAsync();
    }
}
