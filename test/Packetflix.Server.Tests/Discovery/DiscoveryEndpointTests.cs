using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Packetflix.Discovery.Engines;
using Packetflix.Server.Cli;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;

namespace Packetflix.Server.Tests.Discovery;

/// <summary>The embedded discovery on the service's own port: /mobyshark, /discover/mobyshark, /json and the capture refresh.</summary>
public sealed partial class DiscoveryEndpointTests
{
    [GeneratedRegex("""^\{"metadata":\{"creator":"Packetflix","creator-id":"packetflix","creator-version":"[^"]+","creation-timestamp":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ","hostname":"[^"]*"\},"containers":\[(\{"name":"[^"]*","type":"[a-z]+","netns":\d+,"network-interfaces":\[("[^"]+",?)*\],"pid":\d+,"starttime":\d+,"prefix":"[^"]*"\},?)+\]\}$""")]
    private static partial Regex MobysharkShape();

    [Theory(Timeout = 30_000)]
    [InlineData("/mobyshark")]
    [InlineData("/discover/mobyshark")]
    public async Task Mobyshark_Get_UpstreamShapeAndKeyOrder(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        using var http = new HttpClient();

        using var response = await http.GetAsync(new Uri(server.BaseUri, path), ct);
        var body = await response.Content.ReadAsStringAsync(ct);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Matches(MobysharkShape(), body);
    }

    [Fact(Timeout = 30_000)]
    public async Task Json_Get_DocumentedKeyOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        using var http = new HttpClient();

        var body = await http.GetStringAsync(new Uri(server.BaseUri, "/json"), ct);

        Assert.Matches("""^\{"metadata":\{"creator-id":"packetflix","creator-version":"[^"]+","creation-timestamp":"[^"]+","hostname":"[^"]*","kernel-version":"[^"]*"\},"engines":\[.*?\],"network-namespaces":\[\{"netns":\d+,"initial":true,"bind-mounts":\[.*?\],"containers":\[""", body);
        Assert.Matches(""","network-interfaces":\[\{"name":"[^"]+","index":\d+,"kind":"[^"]*","operstate":"[A-Z]+","mac":"[0-9a-f:]*","mtu":\d+,"master":(null|\{"name":"[^"]+","index":\d+\}),"peer":""", body);
    }

    [Fact(Timeout = 30_000)]
    public async Task Mobyshark_WithProxyDiscovery_LocalWhileDiscoverPathIsProxied()
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var ghostwire = builder.Build();
        ghostwire.Run(context => context.Response.WriteAsync($"ghostwire {context.Request.Path}", ct));
        await ghostwire.StartAsync(ct);
        var port = (ushort)new Uri(ghostwire.Urls.First()).Port;
        await using var server = await PacketflixTestServer.StartAsync(ct, new ServerOptions { ProxyDiscovery = true, GhostwirePort = port });
        using var http = new HttpClient();

        Assert.Matches(MobysharkShape(), await http.GetStringAsync(new Uri(server.BaseUri, "/mobyshark"), ct));
        Assert.Equal("ghostwire /mobyshark", await http.GetStringAsync(new Uri(server.BaseUri, "/discover/mobyshark"), ct));
        Assert.Equal("ghostwire /json", await http.GetStringAsync(new Uri(server.BaseUri, "/json"), ct));
    }

    [Fact(Timeout = 60_000)]
    public async Task Mobyshark_EngineReportsContainer_DockerTarget()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct,
            configure: s => s.AddSingleton<IEngineSource>(new FakeEngineSource(FakeEngineSource.Docker("web", container.Pid))));
        using var http = new HttpClient();

        var body = await http.GetStringAsync(new Uri(server.BaseUri, "/mobyshark"), ct);

        Assert.Contains($$"""{"name":"web","type":"docker","netns":{{container.NetnsInode}},"network-interfaces":[""", body, StringComparison.Ordinal);
        Assert.Contains($$""","pid":{{container.Pid}},"starttime":{{container.StartTime}},"prefix":""}""", body, StringComparison.Ordinal);
        Assert.DoesNotContain($"sleep({container.Pid})", body, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Capture_StaleTarget_RefreshedFromEmbeddedDiscovery()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct,
            configure: s => s.AddSingleton<IEngineSource>(new FakeEngineSource(FakeEngineSource.Docker("web", container.Pid))));

        // What a client remembered from before a restart: an old inode and start time, but the right name.
        var stale = $$"""{"name":"web","type":"docker","netns":4026531000,"network-interfaces":["eth0"],"prefix":"","pid":{{container.Pid}},"starttime":{{container.StartTime + 1}}}""";
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri(Query(stale)), ct);
        await client.WaitForAsync(b => Interfaces(b).Count == 1, ct);
        Assert.Equal("eth0", Interfaces(client.Blocks())[0].Name);
        await container.PingPeerAsync(2, ct);
        await client.WaitForAsync(b => EchoRequests(b, 0) >= 2, ct);
        await client.CloseAsync(ct);
    }
}
