using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Packetflix.Server.Cli;

namespace Packetflix.Server.Tests;

/// <summary><c>--proxy-discovery</c> against a fake Ghostwire that echoes what it received.</summary>
public sealed class ProxyTests
{
    [Theory(Timeout = 30_000)]
    [InlineData("/discover/mobyshark", "/mobyshark")]
    [InlineData("/json?x=1", "/json?x=1")]
    [InlineData("/", "/")]
    public async Task Proxy_Request_RewrittenAndMarked(string path, string expectedBackendPath)
    {
        var ct = TestContext.Current.CancellationToken;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        await using var ghostwire = builder.Build();
        ghostwire.Run(context => context.Response.WriteAsync(
            $"{context.Request.Path}{context.Request.QueryString}|{context.Request.Headers["Enable-Monolith"]}|{context.Request.Host}", ct));
        await ghostwire.StartAsync(ct);
        var port = (ushort)new Uri(ghostwire.Urls.First()).Port;

        await using var server = await PacketflixTestServer.StartAsync(ct, new ServerOptions { ProxyDiscovery = true, GhostwirePort = port });
        using var http = new HttpClient();
        var body = await http.GetStringAsync(new Uri(server.BaseUri, path), ct);
        Assert.Equal($"{expectedBackendPath}|Affirmative, Dave|127.0.0.1:{port}", body);
    }

    [Fact(Timeout = 30_000)]
    public async Task Proxy_BackendDown_502()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct, new ServerOptions { ProxyDiscovery = true, GhostwirePort = 9 });
        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri(server.BaseUri, "/json"), ct);
        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Proxy_CaptureAndVersion_StillServedLocally()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct, new ServerOptions { ProxyDiscovery = true, GhostwirePort = 9 });
        using var http = new HttpClient();
        var version = await http.GetStringAsync(new Uri(server.BaseUri, "/version"), ct);
        Assert.StartsWith("{\"name\":\"packetflix\"", version, StringComparison.Ordinal);
    }
}
