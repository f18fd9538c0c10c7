using System.Net;
using System.Text.Json;
using Packetflix.Linux;

namespace Packetflix.Server.Tests.Auth;

/// <summary>The explorer (every namespace, process and mount of the host) against tokens with and without allow=.</summary>
public sealed class ScopedExplorerTests
{
    private const string WebToken = "web-token-0123456789abcdef00";
    private const string AdminToken = "admin-token-0123456789abcde";

    private const string Tokens = $"""
        web:{WebToken} allow=docker:web*
        admin:{AdminToken}
        """;

    [Fact(Timeout = 60_000)]
    public async Task Explorer_ScopedToken_403WithReasonAndNothingOfTheHost()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.True(NamespaceInode.TryGet("/proc/self/ns/mnt", out var mntns));
        await using var server = await TokenServer.StartAsync(Tokens, ct);
        using var http = new HttpClient();

        foreach (var path in (string[])["/api/namespaces", $"/api/mounts/{mntns}", "/api/mounts/not-a-number"])
        {
            using var response = await http.SendAsync(server.Get(path, WebToken), ct);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
            Assert.Equal("a token or certificate with allow= rules sees only its targets, not the host's namespaces and mounts",
                Assert.Single(body.RootElement.EnumerateObject(), p => p.Name == "error").Value.GetString());
        }

        // The same server answers a token without allow=, so the 403 is the scope's and not a broken endpoint.
        using (var all = await http.SendAsync(server.Get("/api/namespaces", AdminToken), ct))
        {
            Assert.Equal(HttpStatusCode.OK, all.StatusCode);
            using var body = JsonDocument.Parse(await all.Content.ReadAsStringAsync(ct));
            Assert.NotEqual(0, body.RootElement.GetProperty("namespaces").GetArrayLength());
        }

        using var mounts = await http.SendAsync(server.Get($"/api/mounts/{mntns}", AdminToken), ct);
        Assert.Equal(HttpStatusCode.OK, mounts.StatusCode);
    }
}
