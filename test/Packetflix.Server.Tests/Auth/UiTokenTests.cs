using Microsoft.Playwright;
using Packetflix.Server.Cli;
using Packetflix.Server.Tests.Ui;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.Ui.UiTestSupport;

namespace Packetflix.Server.Tests.Auth;

/// <summary>The UI against a service that requires a token: it asks once, and the live view gets a ticket.</summary>
public sealed class UiTokenTests
{
    [Fact(Timeout = 120_000)]
    public async Task Ui_TokenRequired_AsksOnceAndLiveViewCapturesWithTicket()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        var name = NewContainerName();
        using var dir = new TempDirectory();
        var tokens = dir.File("tokens");
        File.WriteAllText(tokens, $"alice:{AccessTests.AliceToken}\n");
        File.SetUnixFileMode(tokens, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        await using var container = await FakeContainer.StartAsync(ct);
        await using var host = await UiTestHost.StartAsync(container, name, ct,
            new ServerOptions { AuthTokenFile = tokens, AuthOnLoopback = true });
        await using var browser = await TestBrowser.LaunchAsync(host.BaseUri, ct);
        var page = await browser.NewPageAsync();
        var prompts = 0;
        page.Dialog += async (_, dialog) =>
        {
            prompts++;
            await dialog.AcceptAsync(AccessTests.AliceToken);
        };
        var urls = new List<string>();
        page.Request += (_, request) => urls.Add(request.Url);

        await page.GotoAsync(host.BaseUri.ToString());
        await page.Locator($"#ns-{container.NetnsInode}").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = $"Live view of {name}", Exact = true }).ClickAsync();
        await page.Locator("#live[data-state=capturing]").WaitForAsync();

        Assert.Equal(1, prompts);
        Assert.DoesNotContain(urls, u => u.Contains(AccessTests.AliceToken, StringComparison.Ordinal));
        Assert.Equal(AccessTests.AliceToken, await page.EvaluateAsync<string>("() => sessionStorage.getItem('packetflix.token')"));
        await page.Locator("#live-stop").ClickAsync();
        await page.Locator("#live[data-state=stopped]").WaitForAsync();
    }
}
