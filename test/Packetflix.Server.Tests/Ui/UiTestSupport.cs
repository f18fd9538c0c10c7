using Microsoft.Playwright;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Ui;

/// <summary>Helpers shared by the UI and download tests.</summary>
internal static class UiTestSupport
{
    /// <summary>A name no other card has, so the filter can single the container out.</summary>
    public static string NewContainerName() => "pfui-" + Guid.NewGuid().ToString("N")[..6];

    /// <summary>The target JSON of Ghostwire's links (docs/protocol.md §16): no pid, no starttime.</summary>
    public static string LinkJson(ulong netns, string name) =>
        $$"""{"netns":{{netns}},"network-interfaces":["eth0","lo"],"name":"{{name}}","type":"docker","prefix":""}""";

    /// <summary>Screenshots go to test-results/screenshots; only PACKETFLIX_UPDATE_SCREENSHOTS=1 refreshes the
    /// tracked ones in docs/img, so a test run never changes the working tree.</summary>
    public static string ScreenshotPath(string file)
    {
        var root = CaptureStreamTests.RepositoryRoot();
        var dir = Environment.GetEnvironmentVariable("PACKETFLIX_UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(root, "docs", "img")
            : Path.Combine(root, "test-results", "screenshots");
        System.IO.Directory.CreateDirectory(dir);
        return Path.Combine(dir, file);
    }

    public static Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken, TimeSpan? timeout = null) =>
        Eventually.WaitUntilAsync(condition, timeout ?? Eventually.DefaultDeadline, cancellationToken);

    /// <summary>Collects uncaught script errors and console errors of a page, to fail on broken JavaScript.</summary>
    /// <remarks>The browser runs in a network namespace of its own (<see cref="BrowserNetwork"/>), so Chromium's
    /// net::ERR_NETWORK_CHANGED, which the host's veths coming and going would cause, is an error here too.</remarks>
    public static List<string> CollectErrors(IPage page)
    {
        var errors = new List<string>();
        page.PageError += (_, error) => errors.Add("page error: " + error);
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                errors.Add($"console error: {message.Text} (at {message.Location})");
            }
        };
        return errors;
    }

    /// <summary>Fails with every collected error on its own line (a collection dump would cut them short).</summary>
    public static void AssertNoErrors(List<string> errors) =>
        Assert.True(errors.Count == 0, $"{errors.Count} browser error(s):\n{string.Join('\n', errors)}");

    /// <summary>Every button, link, input and select has an accessible name (aria-label, text or a label).</summary>
    public const string UnnamedControlsScript = """
        () => [...document.querySelectorAll("button, a[href], a.btn, input, select")]
          .filter(e => !(e.getAttribute("aria-label") || e.textContent.trim() || (e.labels && e.labels.length > 0)))
          .map(e => e.outerHTML.slice(0, 120))
        """;

    /// <summary>The lowest WCAG 2 contrast ratio of text against its effective background, over the UI's kinds
    /// of text (headings, muted text, tags, buttons, inputs, links).</summary>
    public const string MinimumContrastScript = """
        () => {
          const parse = (c) => { const m = c.match(/rgba?\(([^)]+)\)/); if (!m) return null; const p = m[1].split(/[ ,\/]+/).filter(Boolean).map(Number); return { r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1 }; };
          const lum = ({ r, g, b }) => { const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); }; return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b); };
          const background = (e) => { for (let n = e; n; n = n.parentElement) { const c = parse(getComputedStyle(n).backgroundColor); if (c && c.a > 0.5) return c; } return parse(getComputedStyle(document.body).backgroundColor); };
          const selectors = ["h1", ".card-head h2", ".inode", ".tag", ".state-text", ".btn:not(.disabled):not(:disabled)", "input", "select", ".wire a", ".addr", ".field label", ".footer span", "#live-rows td", ".counters"];
          let worst = { ratio: 99, what: "" };
          for (const s of selectors) for (const e of document.querySelectorAll(s)) {
            if (!e.offsetParent && getComputedStyle(e).position !== "fixed") continue;
            const fg = parse(getComputedStyle(e).color); const bg = background(e);
            const [l1, l2] = [lum(fg), lum(bg)].sort((a, b) => b - a);
            const ratio = (l1 + 0.05) / (l2 + 0.05);
            if (ratio < worst.ratio) worst = { ratio, what: s };
          }
          return `${worst.ratio.toFixed(2)} ${worst.what}`;
        }
        """;

    /// <summary>Fails unless the result of <see cref="MinimumContrastScript"/> is at least WCAG AA's 4.5:1.</summary>
    public static void AssertContrast(string result, string theme)
    {
        var ratio = double.Parse(result.Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(ratio >= 4.5, $"contrast in the {theme} theme is {result} (WCAG AA needs 4.5)");
    }
}
