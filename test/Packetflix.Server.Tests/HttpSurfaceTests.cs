using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Packetflix.Server.Tests;

/// <summary>Plain HTTP behaviour of the service: routes, handshake failures, version, metrics.</summary>
public sealed class HttpSurfaceTests
{
    [Fact(Timeout = 30_000)]
    public async Task Version_Get_UpstreamBody()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri(server.BaseUri, "/version"), ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.Matches("""^\{"name":"packetflix","version":"\d+\.\d+\.\d+[^"]*"\}$""", body);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("/capture/")]
    [InlineData("/capture/x")]
    [InlineData("/discover/json")]
    public async Task UnknownPath_WithoutProxy_GoStyle404(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        using var http = new HttpClient();
        var response = await http.GetAsync(new Uri(server.BaseUri, path), ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("404 page not found\n", await response.Content.ReadAsStringAsync(ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task Capture_PlainGet_400NotAnUpgrade()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        var response = await RawAsync(server, "GET /capture?netns=1 HTTP/1.1\r\nHost: {host}\r\n\r\n", ct);
        Assert.StartsWith("HTTP/1.1 400 ", response, StringComparison.Ordinal);
        Assert.Contains("Sec-WebSocket-Version: 13", response, StringComparison.OrdinalIgnoreCase);
        Assert.EndsWith("\r\n\r\nBad Request\n", response, StringComparison.Ordinal);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("POST", "13", "dGhlIHNhbXBsZSBub25jZQ==", null, 405)]
    [InlineData("GET", "12", "dGhlIHNhbXBsZSBub25jZQ==", null, 400)]
    [InlineData("GET", "13", "short", null, 400)]
    [InlineData("GET", "13", "dGhlIHNhbXBsZSBub25jZQ==", "http://evil.example", 403)]
    [InlineData("GET", "13", "dGhlIHNhbXBsZSBub25jZQ==", "http://{host}", 101)]
    public async Task Capture_Handshake_UpstreamStatuses(string method, string version, string key, string? origin, int expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        var request = $"{method} /capture?netns=1 HTTP/1.1\r\nHost: {{host}}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            + $"Sec-WebSocket-Version: {version}\r\nSec-WebSocket-Key: {key}\r\n"
            + (origin is null ? "" : $"Origin: {origin}\r\n") + "Content-Length: 0\r\n\r\n";
        var response = await RawAsync(server, request, ct, headersOnly: expected == 101);
        Assert.StartsWith($"HTTP/1.1 {expected} ", response, StringComparison.Ordinal);
        if (expected == 101)
        {
            Assert.Contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=", response, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Sec-WebSocket-Protocol", response, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("Sec-WebSocket-Extensions", response, StringComparison.OrdinalIgnoreCase);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Metrics_Get_PrometheusFamiliesWithUnitsAndTotals()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        using var http = new HttpClient();
        using var refused = await http.GetAsync(new Uri(server.BaseUri, "/capture.pcapng?netns=abc"), ct);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        using var response = await http.GetAsync(new Uri(server.BaseUri, "/metrics"), ct);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        var metrics = Metrics.PrometheusText.Parse(await response.Content.ReadAsStringAsync(ct));

        Assert.Equal("counter", metrics.TypeOf("packetflix_packets_dropped_total"));
        Assert.Equal(["kernel", "session-end", "slow-client"],
            metrics.Family("packetflix_packets_dropped_total").Select(s => s.Labels["cause"]).Order(StringComparer.Ordinal));
        Assert.Equal("gauge", metrics.TypeOf("packetflix_sessions_active"));
        Assert.Equal("counter", metrics.TypeOf("packetflix_sessions_total"));
        foreach (var client in new[] { "websocket", "download" })
        {
            Assert.True(metrics.Value("packetflix_sessions_active", ("client", client)) >= 0);
            Assert.True(metrics.Value("packetflix_sessions_total", ("client", client)) >= 0);
        }

        // Units become name suffixes before _total (OpenTelemetry's Prometheus compatibility rules).
        Assert.Equal("counter", metrics.TypeOf("packetflix_captured_bytes_total"));
        Assert.Equal("counter", metrics.TypeOf("packetflix_delivered_bytes_total"));
        Assert.Equal("counter", metrics.TypeOf("packetflix_packets_captured_total"));
        Assert.Equal("counter", metrics.TypeOf("packetflix_packets_delivered_total"));
        Assert.True(metrics.Value("packetflix_capture_errors_total", ("reason", "invalid-parameter")) >= 1);
        Assert.True(metrics.Value("packetflix_http_refusals_total", ("status", "400")) >= 1);
        // The unlabelled drop counters are gone; the labelled family replaced them.
        Assert.Null(metrics.TypeOf("packetflix_packets_dropped_slow_client_total"));
        Assert.DoesNotContain(metrics.Samples, s => !s.Name.StartsWith("packetflix_", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task Metrics_AfterDiscovery_DurationHistogramAndCacheAgeInSeconds()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        using var http = new HttpClient();
        (await http.GetAsync(new Uri(server.BaseUri, "/mobyshark"), ct)).Dispose();
        var metrics = Metrics.PrometheusText.Parse(await http.GetStringAsync(new Uri(server.BaseUri, "/metrics"), ct));

        Assert.Equal("histogram", metrics.TypeOf("packetflix_discovery_duration_seconds"));
        Assert.True(metrics.Value("packetflix_discovery_duration_seconds_count", ("result", "ok")) >= 1);
        Assert.Equal("gauge", metrics.TypeOf("packetflix_discovery_cache_age_seconds"));
        Assert.InRange(metrics.Value("packetflix_discovery_cache_age_seconds"), 0, 3600);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("evil.example:{port}", 403)]
    [InlineData("127.0.0.1.nip.io:{port}", 403)]
    [InlineData("localhost:{port}", 200)]
    [InlineData("LOCALHOST.:{port}", 200)]
    [InlineData("app.localhost:{port}", 200)]
    [InlineData("127.0.0.1:{port}", 200)]
    [InlineData("[::1]:{port}", 200)]
    public async Task Json_LoopbackWithoutCredentialsNamingAnotherHost_403(string host, int expected)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        var request = $"GET /json HTTP/1.1\r\nHost: {host.Replace("{port}", server.BaseUri.Port.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)}\r\n\r\n";
        var response = await RawAsync(server, request, ct);
        Assert.StartsWith($"HTTP/1.1 {expected} ", response, StringComparison.Ordinal);
        if (expected == 403)
        {
            Assert.Contains("DNS rebinding protection", response, StringComparison.Ordinal);
            Assert.DoesNotContain("network-namespaces", response, StringComparison.Ordinal);
        }
    }

    [Fact(Timeout = 30_000)]
    public async Task Capture_RebindingPageWithMatchingOrigin_403BeforeUpgrade()
    {
        // After DNS rebinding the page's origin and the Host it sends are the same foreign name, so the Origin check
        // alone lets it through; the Host check does not.
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        var host = $"evil.example:{server.BaseUri.Port}";
        var request = $"GET /capture?netns=1 HTTP/1.1\r\nHost: {host}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n"
            + $"Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://{host}\r\n\r\n";
        var response = await RawAsync(server, request, ct);
        Assert.StartsWith("HTTP/1.1 403 ", response, StringComparison.Ordinal);
        Assert.DoesNotContain("Sec-WebSocket-Accept", response, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Sends a raw HTTP/1.1 request ({host} is replaced) and returns the response text.</summary>
    private static async Task<string> RawAsync(PacketflixTestServer server, string request, CancellationToken ct, bool headersOnly = false)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.BaseUri.Host, server.BaseUri.Port, ct);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request.Replace("{host}", server.BaseUri.Authority, StringComparison.Ordinal)), ct);
        var buffer = new byte[8192];
        var text = new StringBuilder();
        // Read until the response is complete (or the server closes), however long a busy machine takes: an idle
        // timeout here would cut a slow response short and fail the test for the wrong reason.
        while (true)
        {
            var read = await stream.ReadAsync(buffer, ct);
            if (read == 0)
            {
                break;
            }

            text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            var s = text.ToString();
            var headerEnd = s.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headerEnd >= 0 && (headersOnly || s.Contains('\n', StringComparison.Ordinal) && ContentComplete(s, headerEnd)))
            {
                break;
            }
        }

        return text.ToString();
    }

    private static bool ContentComplete(string response, int headerEnd)
    {
        var headers = response[..headerEnd];
        if (System.Text.RegularExpressions.Regex.IsMatch(headers, @"(?im)^transfer-encoding:\s*chunked"))
        {
            // RFC 9112 §7.1: the last chunk has size 0 and the (here empty) trailer section ends with an empty line.
            return response.EndsWith("\r\n0\r\n\r\n", StringComparison.Ordinal);
        }

        var match = System.Text.RegularExpressions.Regex.Match(headers, @"(?im)^content-length:\s*(\d+)");
        return match.Success && response.Length - headerEnd - 4 >= int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
