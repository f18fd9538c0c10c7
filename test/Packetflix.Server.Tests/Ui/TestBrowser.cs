using Microsoft.Playwright;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Ui;

/// <summary>
/// Debian's headless Chromium driven by Playwright (docs/protocol.md §18.8): no browser download, no sandbox (we run as
/// root), and none of the background traffic that would try to reach the internet. Disposing closes the browser
/// and the Playwright driver, also after a failed test.
/// </summary>
internal sealed class TestBrowser : IAsyncDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private readonly BrowserNetwork _network;
    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private TestBrowser(BrowserNetwork network, IPlaywright playwright, IBrowser browser)
    {
        _network = network;
        _playwright = playwright;
        _browser = browser;
    }

    /// <summary>Starts the browser in a network namespace of its own from which <paramref name="server"/> (and
    /// nothing else) is reachable, at the same URL (<see cref="BrowserNetwork"/> says why).</summary>
    public static async Task<TestBrowser> LaunchAsync(Uri server, CancellationToken cancellationToken)
    {
        Privileged.RequireThat(File.Exists(ChromiumPath), $"test needs Debian's chromium at {ChromiumPath} (apt-get install chromium)");
        var network = await BrowserNetwork.StartAsync(server, ChromiumPath, cancellationToken);
        IPlaywright? playwright = null;
        try
        {
            playwright = await Playwright.CreateAsync();
            var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = network.Launcher,
                Headless = true,
                Args =
                [
                    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                    "--no-first-run", "--disable-sync",
                ],
            });
            return new TestBrowser(network, playwright, browser);
        }
        catch
        {
            playwright?.Dispose();
            await network.DisposeAsync();
            throw;
        }
    }

    /// <summary>A fresh profile (empty localStorage) with a laptop-sized viewport.</summary>
    public async Task<IPage> NewPageAsync(ColorScheme scheme = ColorScheme.Light)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
            AcceptDownloads = true,
            ColorScheme = scheme,
        });
        // Playwright's 30 s default is a fixed guess; on a loaded CI machine a page that loads discovery data can take
        // longer. Every wait still ends as soon as its condition holds; this only bounds a hang.
        context.SetDefaultTimeout(120_000);
        return await context.NewPageAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _browser.CloseAsync();
        }
        finally
        {
            _playwright.Dispose();
            await _network.DisposeAsync();
        }
    }
}
