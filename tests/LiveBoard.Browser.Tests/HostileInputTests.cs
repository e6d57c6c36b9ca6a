using LiveBoard.Browser.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveBoard.Browser.Tests;

/// The sign-in page returns only to this site.
public sealed class HostileInputTests(BrowserFixture browser) : IClassFixture<BrowserFixture>, IDisposable
{
    /// After each test: no page it opened broke the Content-Security-Policy.
    public void Dispose() => browser.AssertNoCspViolations();

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
}
