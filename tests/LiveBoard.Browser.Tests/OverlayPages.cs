using LiveBoard.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveBoard.Browser.Tests;

/// Opening broadcast overlays and judging their layout, for OverlayTests.
static class OverlayPages
{
    public static readonly string[] All = ["lower-third", "leaderboard", "card", "ticker"];
    public static readonly ViewportSize Horizontal = new() { Width = 1920, Height = 1080 };
    public static readonly ViewportSize Vertical = new() { Width = 1080, Height = 1920 };
    public static readonly LocatorAssertionsToHaveAttributeOptions Soon = new() { Timeout = 10_000 };

    /// An overlay page, with any uncaught error or console error collected into problems.
    public static async Task<IPage> OpenAsync(BrowserFixture browser, string overlay, string query, List<string> problems,
        ViewportSize? viewport = null)
    {
        var page = await browser.NewPageAsync(viewport ?? Horizontal);
        page.PageError += (_, error) => problems.Add($"{overlay}: pageerror: {error}");
        page.Console += (_, message) => { if (message.Type == "error") problems.Add($"{overlay}: console: {message.Text}"); };
        await page.GotoAsync($"/displays/overlays/{overlay}.html{query}");
        return page;
    }

    public static ILocator Body(IPage page) => page.Locator("body");
    public static ILocator Graphic(IPage page) => page.Locator("#graphic");

    public static Task LiveAsync(IPage page) => Expect(Body(page)).ToHaveAttributeAsync("data-live", "live", Soon);

    /// On air and done animating in: played, with content, fully opaque.
    public static async Task ShownAsync(IPage page)
    {
        await Expect(Body(page)).ToHaveAttributeAsync("data-state", "in", Soon);
        await Expect(Body(page)).ToHaveAttributeAsync("data-content", "1", Soon);
        await page.WaitForFunctionAsync(Opacity, "1", new() { Timeout = 10_000 });
    }

    public static Task HiddenAsync(IPage page) =>
        page.WaitForFunctionAsync(Opacity, "0", new() { Timeout = 10_000 });

    // A function, not an expression: Playwright evaluates a bare expression with eval(), which the pages'
    // Content-Security-Policy refuses (no 'unsafe-eval').
    const string Opacity = "opacity => getComputedStyle(document.getElementById('graphic')).opacity === opacity";

    /// What a person checks on a screenshot, measured: every visible piece of text lies inside the title-safe area, no two
    /// pieces of text overlap, and no one-line field had to be cut short. Text clipped away (the ticker's track beyond its
    /// window) does not count. Returns the problems found.
    public static Task<string[]> LayoutProblemsAsync(IPage page) => page.EvaluateAsync<string[]>("""
        (() => {
          const stage = document.getElementById("stage");
          const box = stage.getBoundingClientRect(), width = +stage.dataset.stageWidth, height = +stage.dataset.stageHeight;
          const k = box.width / width;
          const safe = { left: box.left + width * .05 * k, top: box.top + height * .05 * k, right: box.right - width * .05 * k, bottom: box.bottom - height * .05 * k };
          const problems = [], pieces = [];
          const walker = document.createTreeWalker(document.getElementById("graphic"), NodeFilter.SHOW_TEXT);
          for (let node; (node = walker.nextNode());) {
            if (!node.textContent.trim()) continue;
            let clip = { left: -1e9, top: -1e9, right: 1e9, bottom: 1e9 };
            for (let e = node.parentElement; e && e !== stage; e = e.parentElement) {
              if (getComputedStyle(e).overflow === "visible") continue;
              const r = e.getBoundingClientRect();
              clip = { left: Math.max(clip.left, r.left), top: Math.max(clip.top, r.top), right: Math.min(clip.right, r.right), bottom: Math.min(clip.bottom, r.bottom) };
            }
            const range = document.createRange();
            range.selectNodeContents(node);
            for (const r of range.getClientRects()) {
              const v = { left: Math.max(r.left, clip.left), top: Math.max(r.top, clip.top), right: Math.min(r.right, clip.right), bottom: Math.min(r.bottom, clip.bottom) };
              if (v.right - v.left < 1 || v.bottom - v.top < 1) continue;
              const text = node.textContent.trim();
              if (v.left < safe.left - 1 || v.top < safe.top - 1 || v.right > safe.right + 1 || v.bottom > safe.bottom + 1)
                problems.push(`outside title-safe: "${text}"`);
              // A text box is the font's whole content area (about 1.45 em for Noto Sans SC), taller than a tight line:
              // lines count as overlapping when their boxes share more than a fifth of the smaller height.
              for (const other of pieces) {
                const across = Math.min(v.right, other.v.right) - Math.max(v.left, other.v.left);
                const down = Math.min(v.bottom, other.v.bottom) - Math.max(v.top, other.v.top);
                if (other.node !== node && across > 1 && down > 0.2 * Math.min(v.bottom - v.top, other.v.bottom - other.v.top))
                  problems.push(`overlap: "${text}" and "${other.text}"`);
              }
              pieces.push({ node, v, text });
            }
          }
          for (const line of document.querySelectorAll("#graphic .fit"))
            if (line.scrollWidth > line.clientWidth + 1) problems.push(`cut short: "${line.textContent}"`);
          return problems;
        })()
        """);

    /// For a person to look at: the frame over a dark checkerboard, which shows where it is transparent.
    public static async Task SaveScreenshotAsync(IPage page, string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        // Through the CSSOM: the page's Content-Security-Policy refuses an added <style> element.
        await page.EvaluateAsync("() => document.documentElement.style.background = 'repeating-conic-gradient(#2a2a2a 0 25%, #3c3c3c 0 50%) 0 0 / 48px 48px'");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, $"overlay-{name}.png") });
    }
}
