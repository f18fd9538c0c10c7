using System.Globalization;
using Microsoft.Playwright;
using Packetflix.Server.Tests.Discovery;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.Ui.UiTestSupport;

namespace Packetflix.Server.Tests.Ui;

/// <summary>The namespaces and mounts views in headless Chromium, rendered from the real service (Kestrel on
/// 127.0.0.1:0 with the embedded discovery) over namespaces the test builds: nested user and PID namespaces
/// (<see cref="NestedNamespaces"/>) and a process-less bind-mounted mount namespace with an overmount
/// (<see cref="BindMountedMountNamespace"/>).</summary>
public sealed class ExplorerTreeUiTests
{
    /// <summary>The namespace rows above a row (nearest first): type, inode, and whether marked initial.</summary>
    private const string AncestorsScript = """
        (id) => {
          const rows = [];
          for (let n = document.getElementById(id)?.parentElement?.closest("li.ns-node"); n; n = n.parentElement.closest("li.ns-node")) {
            rows.push(`${n.dataset.type}:${n.dataset.inode}:${n.classList.contains("initial") && n.querySelector(":scope > .ns-row .initial-tag") ? "initial" : "-"}`);
          }
          return rows;
        }
        """;

    [Fact(Timeout = 240_000)]
    public async Task Namespaces_RealNestedUserAndPidNamespaces_TreeHierarchyInitialMarkedAndPidMode()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        using var tree = await NestedNamespaces.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        await using var browser = await TestBrowser.LaunchAsync(server.BaseUri, ct);
        var page = await browser.NewPageAsync();
        var errors = CollectErrors(page);

        await page.GotoAsync(new Uri(server.BaseUri, "/#/ns").ToString());
        var view = page.Locator("#view-namespaces");
        var innerUser = view.Locator($"#nsn-user-{tree.InnerUser}");
        await innerUser.WaitForAsync(new() { Timeout = 60_000 });

        // user: inner → outer → the initial one, which is marked; nothing above it.
        // The outer unshare lives in the outer user namespace, the inner one (the sleep's parent) in the outer PID one.
        var outerUser = NestedNamespaces.Inode(tree.GrandparentPid, "user").ToString(CultureInfo.InvariantCulture);
        var outerPid = NestedNamespaces.Inode(tree.ParentPid, "pid").ToString(CultureInfo.InvariantCulture);
        AssertChain(await page.EvaluateAsync<string[]>(AncestorsScript, $"nsn-user-{tree.InnerUser}"), "user", outerUser);

        // The inner PID namespace sits under the user namespace that owns it, led by the sleep, owned by root.
        var innerPid = innerUser.Locator($"#nsn-pid-{tree.InnerPid}");
        var row = await innerPid.Locator(":scope > .ns-row").InnerTextAsync();
        Assert.Contains($"pid:[{tree.InnerPid}]", row, StringComparison.Ordinal);
        Assert.Contains($"sleep ({tree.SleepPid})", row, StringComparison.Ordinal);
        Assert.Contains("uid 0 (root)", row, StringComparison.Ordinal);
        Assert.DoesNotContain("initial", row, StringComparison.Ordinal);

        // The type filter hides the PID namespaces and keeps the user-namespace skeleton.
        await view.Locator("#ns-type-pid").UncheckAsync();
        await innerPid.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.True(await innerUser.IsVisibleAsync());
        await view.Locator("#ns-type-pid").CheckAsync();
        await innerPid.WaitForAsync();

        // Collapsing the outer user namespace hides the inner one.
        await view.GetByRole(AriaRole.Button, new() { Name = $"Collapse user:[{outerUser}]", Exact = true }).ClickAsync();
        Assert.True(await innerUser.IsHiddenAsync());
        await view.GetByRole(AriaRole.Button, new() { Name = $"Expand user:[{outerUser}]", Exact = true }).ClickAsync();
        Assert.True(await innerUser.IsVisibleAsync());
        await page.Locator("#theme").SelectOptionAsync("light");
        await innerPid.ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("namespaces-view.png") });
        AssertContrast(await page.EvaluateAsync<string>(MinimumContrastScript), "light");

        // PID mode: inner → outer → initial by NS_GET_PARENT.
        await view.Locator("#ns-mode").SelectOptionAsync("pid");
        await page.WaitForURLAsync("**/#/ns/pid");
        // The PID tree has replaced the user tree once no user namespace row is left.
        await view.Locator("li.ns-node[data-type=user]").First.WaitForAsync(new() { State = WaitForSelectorState.Detached });
        await view.Locator($"#nsn-pid-{tree.InnerPid}").WaitForAsync();
        AssertChain(await page.EvaluateAsync<string[]>(AncestorsScript, $"nsn-pid-{tree.InnerPid}"), "pid", outerPid);
        Assert.Empty(await page.EvaluateAsync<string[]>(UnnamedControlsScript));
        AssertNoErrors(errors);
    }

    [Fact(Timeout = 240_000)]
    public async Task Mounts_RealBindMountedNamespaceWithOvermount_SelectableTreeOvermountMarked()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var bound = await BindMountedMountNamespace.CreateAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        await using var browser = await TestBrowser.LaunchAsync(server.BaseUri, ct);
        var page = await browser.NewPageAsync();
        var errors = CollectErrors(page);
        var inode = bound.Inode.ToString(CultureInfo.InvariantCulture);

        // The namespaces view lists it with its bind mount and no process, and links to its mounts.
        await page.GotoAsync(new Uri(server.BaseUri, "/#/ns").ToString());
        var nsRow = page.Locator($"#nsn-mnt-{inode} > .ns-row");
        await nsRow.WaitForAsync(new() { Timeout = 60_000 });
        var text = await nsRow.InnerTextAsync();
        Assert.Contains(bound.File, text, StringComparison.Ordinal);
        Assert.Contains("no process", text, StringComparison.Ordinal);

        // Selectable in the mounts view's picker (by inode: it has no process and no container).
        await page.GotoAsync(new Uri(server.BaseUri, "/#/m").ToString());
        var view = page.Locator("#view-mounts");
        var pick = view.Locator("#mnt-pick");
        await pick.Locator($"option[value='{inode}']").WaitForAsync(new() { State = WaitForSelectorState.Attached });
        await pick.SelectOptionAsync(inode);
        await page.WaitForURLAsync($"**/#/m/{inode}");
        var under = view.Locator(".mount-line", new() { Has = page.Locator(".source", new() { HasTextString = "pf-under" }) });
        var over = view.Locator(".mount-line", new() { Has = page.Locator(".source", new() { HasTextString = "pf-over" }) });
        await view.Locator("ul.vfs").WaitForAsync();
        Assert.Equal(inode, await pick.InputValueAsync());

        // The target lies deeper than the levels opened at first: the search keeps it and its ancestors, opened.
        await view.Locator("#mnt-search").FillAsync(bound.Target);
        await view.Locator($"li.vfs-node.match[data-path='{bound.Target}']").WaitForAsync();
        var paths = await view.Locator("li.vfs-node").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.path)");
        Assert.Equal(Ancestry(bound.Target), paths);
        await under.WaitForAsync();
        Assert.Contains($"mnt:[{inode}]", await view.InnerTextAsync(), StringComparison.Ordinal);

        // The hidden tmpfs is struck through and names the mount over it; the one on top is not.
        var overId = await over.GetAttributeAsync("data-id");
        Assert.Contains("overmounted", await under.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        Assert.Contains($"overmounted by {bound.Target} (#{overId})", await under.InnerTextAsync(), StringComparison.Ordinal);
        Assert.DoesNotContain("overmounted", await over.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        Assert.Equal("tmpfs", await under.Locator(".tag.fstype").InnerTextAsync());
        // Both are in the target's node of the VFS tree.
        Assert.Equal(2, await view.Locator($"li.vfs-node[data-path='{bound.Target}'] > .mount-line").CountAsync());

        Assert.True(await over.IsVisibleAsync());
        await page.Locator("#theme").SelectOptionAsync("light");
        await page.ScreenshotAsync(new() { Path = ScreenshotPath("mounts-view.png") });
        AssertContrast(await page.EvaluateAsync<string>(MinimumContrastScript), "light");
        Assert.Empty(await page.EvaluateAsync<string[]>(UnnamedControlsScript));
        AssertNoErrors(errors);
    }

    /// <summary>The rows above a namespace: its parent first, the initial namespace last (marked), none between
    /// marked initial.</summary>
    private static void AssertChain(string[] ancestors, string type, string parent)
    {
        Assert.True(ancestors.Length >= 2, string.Join(" ", ancestors));
        Assert.Equal($"{type}:{parent}:-", ancestors[0]);
        Assert.Matches($"^{type}:\\d+:initial$", ancestors[^1]);
        Assert.All(ancestors[..^1], a => Assert.Matches($"^{type}:\\d+:-$", a));
    }

    /// <summary>"/", "/a", "/a/b", … up to <paramref name="path"/>.</summary>
    private static string[] Ancestry(string path)
    {
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return ["/", .. parts.Select((_, i) => "/" + string.Join('/', parts[..(i + 1)]))];
    }
}
