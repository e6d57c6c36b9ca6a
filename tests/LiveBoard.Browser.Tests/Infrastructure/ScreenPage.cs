using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace LiveBoard.Browser.Tests.Infrastructure;

/// What the big-screen tests ask of a screen page: live state, console problems, screenshots, and a layout check that
/// every visible piece of text sits inside the title-safe area, is not cut off, and does not run into other text.
static class ScreenPage
{
    public static async Task WaitLiveAsync(IPage page) =>
        await Expect(page.Locator("body")).ToHaveAttributeAsync("data-link", "live", new() { Timeout = 20_000 });

    public static string Screenshot(string name)
    {
        Directory.CreateDirectory(BrowserFixture.ScreenshotFolder);
        return Path.Combine(BrowserFixture.ScreenshotFolder, $"{name}.png");
    }

    /// Uncaught exceptions and console errors: a screen that "works" while throwing is not working.
    public static List<string> CollectProblems(IPage page)
    {
        var problems = new List<string>();
        page.PageError += (_, error) => problems.Add($"pageerror: {error}");
        page.Console += (_, message) => { if (message.Type == "error") problems.Add($"console: {message.Text}"); };
        return problems;
    }

    /// Text boxes come from Range.getClientRects, clipped by any overflow-hidden ancestor. Stacked Chinese and English
    /// lines share a little of their font boxes (line height below the font's ascent + descent), so two boxes count as
    /// overlapping only when they share more than 40 % of the lower one's height.
    public static async Task<IReadOnlyList<string>> LayoutProblemsAsync(IPage page, string where) =>
        [.. (await page.EvaluateAsync<string[]>(LayoutCheck)).Select(p => $"{where}: {p}")];

    const string LayoutCheck = """
        (() => {
          const stage = document.getElementById("stage");
          const s = stage.getBoundingClientRect();
          const k = s.width / 1920;
          const safe = { left: s.left + 96 * k, top: s.top + 54 * k, right: s.left + 1824 * k, bottom: s.top + 1026 * k };
          const problems = [];
          const intersect = (a, b) => {
            const left = Math.max(a.left, b.left), top = Math.max(a.top, b.top), right = Math.min(a.right, b.right), bottom = Math.min(a.bottom, b.bottom);
            return right > left && bottom > top ? { left, top, right, bottom, width: right - left, height: bottom - top } : null;
          };
          const shown = e => {
            if (e.closest("[hidden]")) return false;
            for (let x = e; x && x !== document.body; x = x.parentElement) {
              const cs = getComputedStyle(x);
              if (cs.display === "none" || cs.visibility === "hidden" || cs.opacity === "0") return false;
            }
            return true;
          };
          const boxes = [];
          const walker = document.createTreeWalker(stage, NodeFilter.SHOW_TEXT);
          while (walker.nextNode()) {
            const node = walker.currentNode, parent = node.parentElement;
            const text = node.textContent.trim();
            if (!text || !shown(parent)) continue;
            // The ticker scrolls through its box by design; the box itself is checked below.
            if (parent.closest(".ticker")) continue;
            let clip = null;
            for (let x = parent; x && x !== stage; x = x.parentElement) {
              const cs = getComputedStyle(x);
              if (cs.overflowX !== "visible" || cs.overflowY !== "visible") {
                const r = x.getBoundingClientRect();
                clip = clip ? intersect(clip, r) : r;
                if (!clip) break;
              }
            }
            const range = document.createRange();
            range.selectNodeContents(node);
            for (const r of range.getClientRects()) {
              const box = clip ? intersect(r, clip) : r;
              if (!box || box.width < 1 || box.height < 1) continue;
              boxes.push({ text, box, owner: parent });
            }
          }
          for (const { text, box } of boxes)
            if (box.left < safe.left - 1 || box.top < safe.top - 1 || box.right > safe.right + 1 || box.bottom > safe.bottom + 1)
              problems.push(`outside the title-safe area: "${text.slice(0, 40)}"`);
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++) {
              const a = boxes[i], b = boxes[j];
              if (a.owner === b.owner) continue;
              const o = intersect(a.box, b.box);
              if (o && o.width > 2 && o.height > 0.4 * Math.min(a.box.height, b.box.height))
                problems.push(`overlap: "${a.text.slice(0, 30)}" and "${b.text.slice(0, 30)}"`);
            }
          for (const fit of stage.querySelectorAll(".fit, .fit .bi.stack > span"))
            if (shown(fit) && fit.scrollWidth > fit.clientWidth + 1)
              problems.push(`cut off: "${fit.textContent.trim().slice(0, 40)}" (${fit.scrollWidth} > ${fit.clientWidth})`);
          const ticker = document.getElementById("ticker");
          if (shown(ticker)) {
            const t = ticker.getBoundingClientRect();
            if (t.left < safe.left - 1 || t.right > safe.right + 1 || t.bottom > safe.bottom + 1) problems.push("the ticker leaves the title-safe area");
          }
          return [...new Set(problems)];
        })()
        """;
}
