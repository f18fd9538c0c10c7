using Microsoft.Playwright;
using Packetflix.Capture;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.Ui.UiTestSupport;

namespace Packetflix.Server.Tests.Ui;

/// <summary>The wiring view's selection across two cards (docs/ui.md, "Capture actions"): ticks in two namespaces make
/// one multi-target request (docs/api.md, "Several targets") for Wireshark, the download and the live view.</summary>
public sealed class MultiTargetUiTests
{
    [Fact(Timeout = 120_000)]
    public async Task Selection_TwoContainers_OneTargetsLinkDownloadAndLiveViewOfBoth()
    {
        Privileged.Require();
        Privileged.RequireTool("tshark");
        var ct = TestContext.Current.CancellationToken;
        var (nameA, nameB) = (NewContainerName(), NewContainerName());
        await using var a = await FakeContainer.StartAsync(ct);
        await using var b = await FakeContainer.StartAsync(ct);
        await using var host = await UiTestHost.StartAsync([(a, nameA), (b, nameB)], ct);
        await using var browser = await TestBrowser.LaunchAsync(host.BaseUri, ct);
        var page = await browser.NewPageAsync();
        var errors = CollectErrors(page);
        await page.GotoAsync(host.BaseUri.ToString());
        await page.Locator($"#ns-{a.NetnsInode}").WaitForAsync();
        await page.Locator($"#ns-{b.NetnsInode}").WaitForAsync();

        // eth0 of A by its row, all of B by the card's own box: its rows follow.
        await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select eth0 of {nameA} for a multi-interface capture" }).CheckAsync();
        await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select all interfaces of {nameB}", Exact = true }).CheckAsync();
        Assert.True(await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select eth0 of {nameB} for a multi-interface capture" }).IsCheckedAsync());
        Assert.Equal($"3 interfaces in 2 namespaces: eth0 of {nameA}; eth0, lo of {nameB}", await page.Locator("#selection-text").InnerTextAsync());

        // One Wireshark link with targets=, each target with its own interfaces, no nif (docs/clients.md).
        var label = $"eth0 of {nameA}; eth0, lo of {nameB}";
        var shark = await page.GetByRole(AriaRole.Link, new() { Name = $"Open {label} in Wireshark", Exact = true }).GetAttributeAsync("href");
        var prefix = $"packetflix:ws://{host.BaseUri.Authority}/capture?targets=";
        Assert.NotNull(shark);
        Assert.StartsWith(prefix, shark, StringComparison.Ordinal);
        Assert.DoesNotContain("&nif=", shark, StringComparison.Ordinal);
        Assert.Equal(
            $$"""[{"netns":{{a.NetnsInode}},"network-interfaces":["eth0"],"name":"{{nameA}}","type":"docker","prefix":""},"""
            + $$"""{"netns":{{b.NetnsInode}},"network-interfaces":["eth0","lo"],"name":"{{nameB}}","type":"docker","prefix":""}]""",
            Uri.UnescapeDataString(shark[prefix.Length..]));

        // Unticking B's lo leaves B's card box half set; the request keeps eth0 of both.
        await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select lo of {nameB} for a multi-interface capture" }).UncheckAsync();
        Assert.True(await page.GetByRole(AriaRole.Checkbox, new() { Name = $"Select all interfaces of {nameB}", Exact = true })
            .EvaluateAsync<bool>("e => e.indeterminate && !e.checked"));
        label = $"eth0 of {nameA}; eth0 of {nameB}";

        // The download holds packets of both targets, each labelled <name>/eth0. A's two pings give 4 to 8 frames
        // (the echoes, and ARP requests or probes of either side), B's four at least 8, so a count of 12 is always
        // reached and ends the file inside B's pings.
        await page.Locator("#duration").FillAsync("");
        await page.Locator("#count").FillAsync("12");
        var link = page.GetByRole(AriaRole.Link, new() { Name = $"Download pcapng of {label}", Exact = true });
        Assert.StartsWith("capture.pcapng?targets=", await link.GetAttributeAsync("href"), StringComparison.Ordinal);
        var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
        await a.PingPeerAsync(2, ct);
        await b.PingPeerAsync(4, ct);
        using var dir = new TempDirectory();
        var file = dir.File("both.pcapng");
        await download.SaveAsAsync(file);
        var rows = await Tshark.FieldsAsync(file, ["frame.interface_name", "icmp.type"], ct);
        Assert.Equal(12, rows.Count);
        Assert.Equal(new[] { $"{nameA}/eth0", $"{nameB}/eth0" }.Order(StringComparer.Ordinal), rows.Select(r => r[0]).Distinct().Order(StringComparer.Ordinal));
        Assert.Contains(rows, r => r[0] == $"{nameA}/eth0" && r[1] == "8");
        await WaitUntilAsync(() => CaptureMetrics.SessionsActive == 0, ct);

        // The live view of the same selection: one stream, rows of both interfaces in the interface column.
        await page.GetByRole(AriaRole.Button, new() { Name = $"Live view of {label}", Exact = true }).ClickAsync();
        await page.Locator("#live[data-state=capturing]").WaitForAsync();
        await WaitUntilAsync(() => CaptureMetrics.SessionsActive == 1, ct);
        await a.PingPeerAsync(2, ct);
        await b.PingPeerAsync(2, ct);
        await page.WaitForFunctionAsync("""
            (names) => names.every(n => [...document.querySelectorAll("#live-rows tr")]
              .some(r => r.children[2]?.textContent === n && r.textContent.includes("Echo (ping) request")))
            """, new[] { $"{nameA}/eth0", $"{nameB}/eth0" });
        Assert.Contains(nameA, await page.Locator("#live-status").InnerTextAsync(), StringComparison.Ordinal);
        await page.Locator("#live-stop").ClickAsync();
        await page.Locator("#live[data-state=stopped]").WaitForAsync();
        await WaitUntilAsync(() => CaptureMetrics.SessionsActive == 0, ct);

        // Clearing the selection clears every box, the card's too.
        await page.Locator("#selection-clear").ClickAsync();
        Assert.True(await page.Locator("#selection").IsHiddenAsync());
        Assert.Equal(0, await page.Locator("input.nif-tick:checked, input.card-tick:checked").CountAsync());
        Assert.Empty(await page.EvaluateAsync<string[]>(UnnamedControlsScript));
        AssertNoErrors(errors);
    }
}
