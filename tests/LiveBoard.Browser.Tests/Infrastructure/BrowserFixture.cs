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
        var context = await Browser.NewContextAsync(new()
        {
            BaseURL = Server.BaseAddress.ToString(),
            ViewportSize = viewport ?? new ViewportSize { Width = 1280, Height = 900 },
            Locale = "zh-CN",
            // Viewers are in Shanghai: "offline since hh:mm:ss" is read in their time.
            TimezoneId = "Asia/Shanghai",
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        await Browser.DisposeAsync();
        playwright.Dispose();
        Api.Dispose();
        await Server.DisposeAsync();
    }
}
