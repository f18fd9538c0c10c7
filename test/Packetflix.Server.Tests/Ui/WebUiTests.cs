using System.Globalization;
using Microsoft.Playwright;
using Packetflix.Capture;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.Ui.UiTestSupport;

namespace Packetflix.Server.Tests.Ui;

/// <summary>The web UI in a real (headless) Chromium against the real service and a real container.</summary>
public sealed class WebUiTests
{
    [Fact(Timeout = 120_000)]
    public async Task MainView_FakeContainer_ListsFiltersAndLinksInUpstreamForm()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        var name = NewContainerName();
        await using var container = await FakeContainer.StartAsync(ct);
        await using var host = await UiTestHost.StartAsync(container, name, ct);
        await using var browser = await TestBrowser.LaunchAsync(host.BaseUri, ct);
        var page = await browser.NewPageAsync();
        var errors = CollectErrors(page);

        await page.GotoAsync(host.BaseUri.ToString());
        var card = page.Locator($"#ns-{container.NetnsInode}");
        await card.WaitForAsync();
        Assert.Contains(name, await card.InnerTextAsync());
        Assert.Contains("10.232.0.2/24", await card.InnerTextAsync());
        // The host card comes first, and the veth is shown as a wire to the peer namespace.
        Assert.Equal("host (initial namespace)", await page.Locator("article.card h2").First.InnerTextAsync());
        Assert.Contains($"eth0 in /run/netns/{container.PeerNetnsName}", await card.InnerTextAsync());

        // The Wireshark link is byte for byte the one Ghostwire builds.
        var link = page.GetByRole(AriaRole.Link, new() { Name = $"Open {name} in Wireshark", Exact = true });
        var expected = $"packetflix:ws://{host.BaseUri.Authority}/capture?container="
            + Uri.EscapeDataString(LinkJson(container.NetnsInode, name)) + "&nif=eth0/lo";
        Assert.Equal(expected, await link.GetAttributeAsync("href"));
        var single = page.GetByRole(AriaRole.Link, new() { Name = $"Open eth0 of {name} in Wireshark", Exact = true });
        Assert.EndsWith("&nif=eth0", await single.GetAttributeAsync("href"), StringComparison.Ordinal);

        // "/" focuses the filter; the filter hides and shows the card; the choice survives a reload.
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        await page.Keyboard.PressAsync("/");
        Assert.Equal("filter", await page.EvaluateAsync<string>("() => document.activeElement.id"));
        await page.Keyboard.TypeAsync("no-such-container");
        Assert.True(await card.IsHiddenAsync());
        await page.Locator("#filter").FillAsync(name);
        Assert.True(await card.IsVisibleAsync());
        // Exactly our container's namespace matches; how many the host has depends on what else runs (other tests).
        Assert.Matches(@"^1 of (\d+)$", await page.Locator("#ns-count").InnerTextAsync());
        Assert.True(int.Parse((await page.Locator("#ns-count").InnerTextAsync())[5..], System.Globalization.CultureInfo.InvariantCulture) >= 3);
        await page.Locator("#refresh").SelectOptionAsync("5000");
        await page.ReloadAsync();
        await card.WaitForAsync();
        Assert.Equal(name, await page.Locator("#filter").InputValueAsync());
        Assert.Equal("5000", await page.Locator("#refresh").InputValueAsync());
        Assert.True(await page.Locator($"article.card:not([hidden])").CountAsync() == 1);

        // Multi-select: ticking both interfaces offers one capture of eth0/lo.
        await page.Locator("#filter").FillAsync("");
        await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select eth0 of {name} for a multi-interface capture" }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select lo of {name} for a multi-interface capture" }).CheckAsync();
        var multi = page.GetByRole(AriaRole.Link, new() { Name = $"Open eth0, lo of {name} in Wireshark", Exact = true });
        Assert.Equal(expected, await multi.GetAttributeAsync("href"));
        await page.Locator("#selection-clear").ClickAsync();

        Assert.Empty(await page.EvaluateAsync<string[]>(UnnamedControlsScript));
        await page.Locator("#refresh").SelectOptionAsync("0");
        await page.Locator("#theme").SelectOptionAsync("light");
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("main-view.png") });
        AssertContrast(await page.EvaluateAsync<string>(MinimumContrastScript), "light");
        await page.Locator("#theme").SelectOptionAsync("dark");
        AssertContrast(await page.EvaluateAsync<string>(MinimumContrastScript), "dark");
        AssertNoErrors(errors);
    }

    [Fact(Timeout = 120_000)]
    public async Task DownloadButton_CountLimit_FileHoldsThatManyPacketsWithPings()
    {
        Privileged.Require();
        Privileged.RequireTool("tshark");
        var ct = TestContext.Current.CancellationToken;
        var name = NewContainerName();
        await using var container = await FakeContainer.StartAsync(ct);
        await using var host = await UiTestHost.StartAsync(container, name, ct);
        await using var browser = await TestBrowser.LaunchAsync(host.BaseUri, ct);
        var page = await browser.NewPageAsync();
        var errors = CollectErrors(page);
        await page.GotoAsync(host.BaseUri.ToString());
        await page.Locator($"#ns-{container.NetnsInode}").WaitForAsync();

        await page.Locator("#duration").FillAsync("30");
        await page.Locator("#count").FillAsync("6");
        var link = page.GetByRole(AriaRole.Link, new() { Name = $"Download pcapng of eth0 of {name}", Exact = true });
        Assert.EndsWith("&nif=eth0&duration=30&count=6", await link.GetAttributeAsync("href"), StringComparison.Ordinal);
        // The download starts when the response headers arrive, which is after the capture started.
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        await container.PingPeerAsync(6, ct);
        using var dir = new TempDirectory();
        var file = dir.File("download.pcapng");
        await download.SaveAsAsync(file);

        Assert.Matches(FileNamePattern(name), download.SuggestedFilename);
        var rows = await Tshark.FieldsAsync(file, ["frame.interface_name", "icmp.type", "ip.src"], ct);
        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.Equal("eth0", r[0]));
        Assert.Contains(rows, r => r[1] == "8" && r[2] == FakeContainer.ContainerAddress);
        await WaitUntilAsync(() => CaptureMetrics.SessionsActive == 0, ct);
        AssertNoErrors(errors);
    }

    [Fact(Timeout = 120_000)]
    public async Task LiveView_PingsInContainer_ShowsRowsSavesAndStopsCleanly()
    {
        Privileged.Require();
        Privileged.RequireTool("tshark");
        var ct = TestContext.Current.CancellationToken;
        var name = NewContainerName();
        await using var container = await FakeContainer.StartAsync(ct);
        await using var host = await UiTestHost.StartAsync(container, name, ct);
        await using var browser = await TestBrowser.LaunchAsync(host.BaseUri, ct);
        var page = await browser.NewPageAsync(ColorScheme.Dark);
        var errors = CollectErrors(page);
        await page.GotoAsync(host.BaseUri.ToString());
        await page.Locator($"#ns-{container.NetnsInode}").WaitForAsync();

        // Keyboard only: focus the button and press Enter.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Live view of {name}", Exact = true }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.Locator("#live[data-state=capturing]").WaitForAsync();
        await WaitUntilAsync(() => CaptureMetrics.SessionsActive == 1, ct);
        await container.PingPeerAsync(4, ct);
        await page.WaitForFunctionAsync("""
            () => [...document.querySelectorAll("#live-rows tr")]
              .filter(r => r.textContent.includes("Echo (ping) request") && r.textContent.includes("10.232.0.2")).length >= 4
            """);
        var row = page.Locator("#live-rows tr", new() { HasText = "Echo (ping) request" }).First;
        var cells = await row.Locator("td").AllInnerTextsAsync();
        Assert.Equal(["eth0", FakeContainer.ContainerAddress, FakeContainer.PeerAddress, "ICMP", "98"], cells.Skip(2).Take(5));
        Assert.True(int.Parse(await page.Locator("#live-packets").InnerTextAsync(), CultureInfo.InvariantCulture) >= 8);
        await page.EvaluateAsync("() => document.activeElement?.blur()");
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("live-view.png") });
        AssertContrast(await page.EvaluateAsync<string>(MinimumContrastScript), "dark (live view)");

        // "Save pcapng" gives the bytes received so far, a file tshark reads.
        var saved = await page.RunAndWaitForDownloadAsync(() => page.Locator("#live-save").ClickAsync());
        using var dir = new TempDirectory();
        var file = dir.File("live.pcapng");
        await saved.SaveAsAsync(file);
        Assert.Matches(FileNamePattern(name), saved.SuggestedFilename);
        var rows = await Tshark.FieldsAsync(file, ["icmp.type", "ip.src"], ct);
        Assert.True(rows.Count(r => r[0] == "8" && r[1] == FakeContainer.ContainerAddress) >= 4);

        // Stop closes the WebSocket normally and the server's capture session ends.
        await page.Locator("#live-stop").ClickAsync();
        await page.Locator("#live[data-state=stopped]").WaitForAsync();
        Assert.StartsWith("Stopped after", await page.Locator("#live-status").InnerTextAsync(), StringComparison.Ordinal);
        await WaitUntilAsync(() => CaptureMetrics.SessionsActive == 0, ct);
        AssertNoErrors(errors);
    }

    private static string FileNamePattern(string name) => $"^{name}-\\d{{8}}T\\d{{6}}Z\\.pcapng$";
}
