using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Packetflix.Core.Pcapng;
using Packetflix.Discovery.Engines;
using Packetflix.Server.Tests.Discovery;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Auth;

/// <summary>Per-token scopes (allow=) against a real Kestrel, the embedded discovery and two fake containers that
/// a fake Docker reports as "web1" and "db".</summary>
public sealed class ScopedTokenTests
{
    private const string WebToken = "web-token-0123456789abcdef00";
    private const string NobodyToken = "nobody-token-0123456789abcd";
    private const string AdminToken = "admin-token-0123456789abcde";

    private const string Tokens = $"""
        web:{WebToken} allow=docker:web*
        nobody:{NobodyToken} allow=type:nothing-at-all
        admin:{AdminToken}
        """;

    private static Task<TokenServer> StartAsync(FakeContainer web, FakeContainer db, CancellationToken ct) =>
        TokenServer.StartAsync(Tokens, ct, configure: s => s.AddSingleton<IEngineSource>(
            new FakeEngineSource(FakeEngineSource.Docker("web1", web.Pid), FakeEngineSource.Docker("db", db.Pid))));

    private static async Task<string> GetStringAsync(HttpClient http, TokenServer server, string path, string token, CancellationToken ct)
    {
        using var response = await http.SendAsync(server.Get(path, token), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(ct);
    }

    [Fact(Timeout = 90_000)]
    public async Task Discovery_ScopedToken_SeesOnlyItsTargets()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var web = await FakeContainer.StartAsync(ct);
        await using var db = await FakeContainer.StartAsync(ct);
        await using var server = await StartAsync(web, db, ct);
        using var http = new HttpClient();

        foreach (var path in (string[])["/mobyshark", "/discover/mobyshark"])
        {
            var scoped = await GetStringAsync(http, server, path, WebToken, ct);
            Assert.Contains($$"""{"name":"web1","type":"docker","netns":{{web.NetnsInode}},""", scoped, StringComparison.Ordinal);
            Assert.DoesNotContain("\"db\"", scoped, StringComparison.Ordinal);
            Assert.DoesNotContain($"\"netns\":{db.NetnsInode}", scoped, StringComparison.Ordinal);
            // Not the host's processes either: only docker containers named web*.
            Assert.DoesNotContain("\"type\":\"proc\"", scoped, StringComparison.Ordinal);
        }

        var json = await GetStringAsync(http, server, "/json", WebToken, ct);
        Assert.Contains($"\"netns\":{web.NetnsInode},", json, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"web1\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"name\":\"db\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain($"\"netns\":{db.NetnsInode},", json, StringComparison.Ordinal);
        Assert.DoesNotContain("\"initial\":true", json, StringComparison.Ordinal);

        // A scope that matches nothing: empty lists, not an error.
        Assert.Contains("\"containers\":[]", await GetStringAsync(http, server, "/mobyshark", NobodyToken, ct), StringComparison.Ordinal);
        Assert.Contains("\"network-namespaces\":[]", await GetStringAsync(http, server, "/json", NobodyToken, ct), StringComparison.Ordinal);

        // No allow=: everything.
        var all = await GetStringAsync(http, server, "/mobyshark", AdminToken, ct);
        Assert.Contains("\"name\":\"web1\"", all, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"db\"", all, StringComparison.Ordinal);
    }

    [Fact(Timeout = 90_000)]
    public async Task Capture_OtherContainer_403BeforeUpgradeEvenWhenTheRequestNamesItsOwn()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var web = await FakeContainer.StartAsync(ct);
        await using var db = await FakeContainer.StartAsync(ct);
        await using var server = await StartAsync(web, db, ct);
        using var http = new HttpClient();

        using (var download = await http.SendAsync(server.Get($"/capture.pcapng?netns={db.NetnsInode}&count=1", WebToken), ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, download.StatusCode);
            Assert.Contains("may not capture", await download.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }

        // GHSA-pv22-fqcj-7xwh: the client names its own container but gives the other one's netns. The netns is
        // what would be opened, so that is what is checked.
        var lying = Uri.EscapeDataString($$"""{"name":"web1","type":"docker","netns":{{db.NetnsInode}},"prefix":""}""");
        Assert.True(Packetflix.Linux.NamespaceInode.TryGet("/proc/self/ns/net", out var hostNetns));
        foreach (var query in (string[])[$"netns={db.NetnsInode}", $"container={lying}", $"netns={hostNetns}"])
        {
            using var ws = new ClientWebSocket();
            ws.Options.CollectHttpResponseDetails = true;
            ws.Options.SetRequestHeader("Authorization", $"Bearer {WebToken}");
            await Assert.ThrowsAsync<WebSocketException>(() => ws.ConnectAsync(server.CaptureUri(query), ct));
            Assert.Equal(HttpStatusCode.Forbidden, ws.HttpStatusCode);
        }

        await Eventually.WaitUntilAsync(() => server.Logs.All().Contains("capture request by web from 127.0.0.1:", StringComparison.Ordinal)
            && server.Logs.All().Contains("refused: Forbidden", StringComparison.Ordinal), Eventually.DefaultDeadline, ct, "audit line");
    }

    [Fact(Timeout = 90_000)]
    public async Task Capture_OwnContainer_Streams()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var web = await FakeContainer.StartAsync(ct);
        await using var db = await FakeContainer.StartAsync(ct);
        await using var server = await StartAsync(web, db, ct);

        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri($"netns={web.NetnsInode}&nif=eth0&filter=icmp"), ct,
            TokenServer.Bearer(WebToken));
        await client.WaitForAsync(b => b.OfType<InterfaceDescriptionBlock>().Any(), ct);
        await web.PingPeerAsync(2, ct);
        await client.WaitForAsync(b => b.OfType<EnhancedPacketBlock>().Count() >= 4, ct);
        await client.CloseAsync(ct);
    }
}
