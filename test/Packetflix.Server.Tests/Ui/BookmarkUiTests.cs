using System.Globalization;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.Ui.UiTestSupport;

namespace Packetflix.Server.Tests.Ui;

/// <summary>Name-based bookmarks against a real Docker container and the real service: after a restart the
/// container has a new process (and a new network namespace), and the same URL shows it.</summary>
public sealed class BookmarkUiTests
{
    /// <summary>Imported from busybox-static by test/engines.sh.</summary>
    private const string Image = "local/busybox:latest";

    [Fact(Timeout = 240_000)]
    public async Task Bookmark_DockerRestart_SameUrlShowsTheRestartedContainer()
    {
        Privileged.Require();
        Privileged.RequireTool("docker");
        var ct = TestContext.Current.CancellationToken;
        var version = await Shell.RunAsync("docker", ["version", "--format", "{{.Server.Version}}"], TimeSpan.FromSeconds(20), ct);
        Privileged.RequireThat(version.ExitCode == 0, "dockerd is not running (test.sh starts it through test/engines.sh)");
        var name = $"pfbm-{Guid.NewGuid():N}"[..16];
        try
        {
            await Shell.RunCheckedAsync("docker", ["run", "-d", "--name", name, Image, "sleep", "1000"], TimeSpan.FromSeconds(60), ct);
            var firstPid = await PidAsync(name, ct);
            await using var server = await PacketflixTestServer.StartAsync(ct);
            await using var browser = await TestBrowser.LaunchAsync(server.BaseUri, ct);
            var page = await browser.NewPageAsync();
            var errors = CollectErrors(page);
            var wiring = new Uri(server.BaseUri, "/#/w/" + name).ToString();
            var details = new Uri(server.BaseUri, "/#/n/" + name).ToString();

            await OpenUntilAsync(page, wiring, $"article.card.focused[data-slug='{name}']", ct);
            await OpenUntilAsync(page, details, $"#view-details dd:text-is('{firstPid}')", ct);

            await Shell.RunCheckedAsync("docker", ["restart", "-t", "0", name], TimeSpan.FromSeconds(60), ct);
            var secondPid = await PidAsync(name, ct);
            Assert.NotEqual(firstPid, secondPid);

            // The same bookmarks, opened again, resolve the name to the restarted container.
            await OpenUntilAsync(page, details, $"#view-details dd:text-is('{secondPid}')", ct);
            await OpenUntilAsync(page, wiring, $"article.card.focused[data-slug='{name}']", ct);
            Assert.Contains(name, await page.Locator("article.card.focused h2").InnerTextAsync(), StringComparison.Ordinal);
            AssertNoErrors(errors);
        }
        finally
        {
            await Shell.RunAsync("docker", ["rm", "-f", name], TimeSpan.FromSeconds(60), CancellationToken.None);
        }
    }

    private static async Task<int> PidAsync(string name, CancellationToken ct)
    {
        var result = await Shell.RunCheckedAsync("docker", ["inspect", "-f", "{{.State.Pid}}", name], TimeSpan.FromSeconds(30), ct);
        return int.Parse(result.StdOut.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>Opens the URL (as a bookmark is) until the selector shows: discovery notices a restart on its own
    /// schedule, so a fresh page load is tried again until then.</summary>
    private static async Task OpenUntilAsync(Microsoft.Playwright.IPage page, string url, string selector, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var limit = Eventually.DefaultDeadline + TimeSpan.FromSeconds(30);
        while (true)
        {
            await page.GotoAsync("about:blank");
            await page.GotoAsync(url);
            await page.Locator("body[data-loaded]").WaitForAsync();
            try
            {
                await page.Locator(selector).First.WaitForAsync(new() { Timeout = 3000 });
                return;
            }
            catch (TimeoutException) when (clock.Elapsed < limit && !ct.IsCancellationRequested)
            {
                // Not yet: the discovery has not seen the change.
            }
        }
    }
}
