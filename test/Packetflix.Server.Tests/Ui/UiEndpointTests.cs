using System.Net;
using Packetflix.Server.Cli;
using Packetflix.Server.Ui;

namespace Packetflix.Server.Tests.Ui;

/// <summary>How the embedded UI is served: the page, its files, and its base behind reverse proxies.</summary>
public sealed class UiEndpointTests
{
    [Theory(Timeout = 30_000)]
    [InlineData("/", null, null, "./")]
    [InlineData("/ui/", null, null, "../")]
    [InlineData("/", "/packetflix", null, "/packetflix/")]
    [InlineData("/ui/", "/a/b/", null, "/a/b/")]
    [InlineData("/", null, "/edge/pf/", "/edge/pf/")]
    [InlineData("/ui/", null, "/edge/pf/ui/?x=1", "/edge/pf/")]
    [InlineData("/", "\"><script>", null, "./")]
    [InlineData("/", "//evil.example", null, "./")]
    [InlineData("/", null, "/unrelated", "./")]
    public async Task Index_ForwardedHeaders_SetBase(string path, string? prefix, string? uri, string expectedBase)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUri, path));
        if (prefix is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-Prefix", prefix);
        }

        if (uri is not null)
        {
            request.Headers.TryAddWithoutValidation("X-Forwarded-Uri", uri);
        }

        using var response = await http.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync(ct);
        Assert.Contains($"<base href=\"{expectedBase}\">", html, StringComparison.Ordinal);
        Assert.Contains("<script type=\"module\" src=\"ui/app.js\"></script>", html, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Asset_Module_ServedWithETagAndRevalidated()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        using var http = new HttpClient();
        (string File, string Type)[] assets =
            [("ui/app.js", "text/javascript"), ("ui/pcapng.js", "text/javascript"), ("ui/style.css", "text/css"), ("ui/favicon.svg", "image/svg+xml")];
        foreach (var (file, type) in assets)
        {
            using var response = await http.GetAsync(new Uri(server.BaseUri, file), ct);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(type, response.Content.Headers.ContentType?.MediaType);
            var etag = response.Headers.ETag;
            Assert.NotNull(etag);

            using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(server.BaseUri, file));
            again.Headers.IfNoneMatch.Add(etag);
            using var revalidated = await http.SendAsync(again, ct);
            Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        }
    }

    [Theory(Timeout = 30_000)]
    [InlineData("/ui/nope.js")]
    [InlineData("/ui/index.html")]
    [InlineData("/ui")]
    [InlineData("/index.html")]
    public async Task Asset_Unknown_Returns404(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        using var http = new HttpClient();
        using var response = await http.GetAsync(new Uri(server.BaseUri, path), ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact(Timeout = 30_000)]
    public async Task Root_ProxyingDiscovery_LeftToGhostwireButUiStillServed()
    {
        var ct = TestContext.Current.CancellationToken;
        // Nothing listens on port 1: the proxied "/" is a 502, while /ui/ is ours.
        await using var server = await PacketflixTestServer.StartAsync(ct, new ServerOptions { ProxyDiscovery = true, GhostwirePort = 1 });
        using var http = new HttpClient();
        using var root = await http.GetAsync(server.BaseUri, ct);
        Assert.Equal(HttpStatusCode.BadGateway, root.StatusCode);
        using var ui = await http.GetAsync(new Uri(server.BaseUri, "/ui/"), ct);
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
    }

    [Fact]
    public void UiAssets_Embedded_HoldEveryModuleTheIndexNeeds()
    {
        var assets = new UiAssets();
        Assert.Superset(
            new HashSet<string> { "index.html", "ui/app.js", "ui/dom.js", "ui/links.js", "ui/liveview.js", "ui/pcapng.js", "ui/dissect.js", "ui/style.css", "ui/favicon.svg" },
            assets.Paths.ToHashSet());
    }
}
