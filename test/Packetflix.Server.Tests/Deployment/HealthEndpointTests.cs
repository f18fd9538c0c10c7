using System.Net;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Deployment;

public sealed class HealthEndpointTests
{
    [Fact(Timeout = 60_000)]
    public async Task Healthz_Running_OkText()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri(server.BaseUri, "/healthz"), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok\n", await response.Content.ReadAsStringAsync(ct));
    }

    [Fact(Timeout = 120_000)]
    public async Task Readyz_AfterFirstDiscovery_Ok()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        using var http = new HttpClient();
        var uri = new Uri(server.BaseUri, "/readyz");
        HttpResponseMessage response;
        // The first probe starts the first discovery and may answer 503 "still running" on a busy host.
        while ((response = await http.GetAsync(uri, ct)).StatusCode == HttpStatusCode.ServiceUnavailable)
        {
            Assert.StartsWith("not ready: ", await response.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
            await Task.Delay(200, ct);
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("ok\n", await response.Content.ReadAsStringAsync(ct));
    }
}
