using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;
using System.Text;
using Packetflix.Core.Pcapng;
using Packetflix.Server.Tests.Auth;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Limits;

/// <summary>Each limit of docs/api.md "Limits" against a real Kestrel: refused with its documented status before
/// the upgrade, or its close code after it.</summary>
public sealed class LimitTests
{
    private const string AliceToken = "alice-token-0123456789abcdef";
    private const string BobToken = "bob-token-0123456789abcdef00";
    private const string CarolToken = "carol-token-0123456789abcdef";
    private const string Tokens = $"alice:{AliceToken}\nbob:{BobToken}\ncarol:{CarolToken}\n";

    private static async Task<HttpStatusCode?> UpgradeStatusAsync(TokenServer server, string query, string token, CancellationToken ct,
        string? origin = null)
    {
        using var ws = new ClientWebSocket();
        ws.Options.CollectHttpResponseDetails = true;
        ws.Options.SetRequestHeader("Authorization", $"Bearer {token}");
        if (origin is not null)
        {
            ws.Options.SetRequestHeader("Origin", origin);
        }

        try
        {
            await ws.ConnectAsync(server.CaptureUri(query), ct);
            ws.Abort();
            return HttpStatusCode.SwitchingProtocols;
        }
        catch (WebSocketException)
        {
            return ws.HttpStatusCode;
        }
    }

    [Fact(Timeout = 90_000)]
    public async Task Sessions_OverTotalAndPerIdentity_503And429BeforeUpgrade()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await TokenServer.StartAsync(Tokens, ct, o => o with { MaxSessions = 2, MaxSessionsPerIdentity = 1 });
        var query = $"netns={container.NetnsInode}&nif=eth0&filter=icmp";
        using var http = new HttpClient();

        await using var alice = await CaptureClient.ConnectAsync(server.CaptureUri(query), ct, TokenServer.Bearer(AliceToken));
        await alice.WaitForAsync(b => b.OfType<InterfaceDescriptionBlock>().Any(), ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, await UpgradeStatusAsync(server, query, AliceToken, ct));
        using (var download = await http.SendAsync(server.Get($"/capture.pcapng?{query}", AliceToken), ct))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, download.StatusCode);
            Assert.Contains("--max-sessions-per-identity", await download.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
            Assert.NotNull(download.Headers.RetryAfter);
        }

        await using var bob = await CaptureClient.ConnectAsync(server.CaptureUri(query), ct, TokenServer.Bearer(BobToken));
        await bob.WaitForAsync(b => b.OfType<InterfaceDescriptionBlock>().Any(), ct);
        using (var download = await http.SendAsync(server.Get($"/capture.pcapng?{query}", CarolToken), ct))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, download.StatusCode);
            Assert.Contains("--max-sessions", await download.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, await UpgradeStatusAsync(server, query, CarolToken, ct));

        // A session that ends gives its slot back.
        await bob.CloseAsync(ct);
        await Eventually.WaitUntilAsync(async t => await UpgradeStatusAsync(server, query, CarolToken, t) == HttpStatusCode.SwitchingProtocols,
            Eventually.DefaultDeadline, ct, "carol's session after bob's ended");
    }

    [Fact(Timeout = 30_000)]
    public async Task Interfaces_MoreThanTheLimit_400BeforeUpgrade()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await TokenServer.StartAsync(Tokens, ct, o => o with { MaxInterfaces = 2 }, directory: new FakeTargetDirectory());
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.BadRequest, await UpgradeStatusAsync(server, "netns=1&nif=a/b/c", AliceToken, ct));
        using var download = await http.SendAsync(server.Get("/capture.pcapng?netns=1&nif=a/b/c", AliceToken), ct);
        Assert.Equal(HttpStatusCode.BadRequest, download.StatusCode);
        Assert.Equal("too many interfaces: 3, at most 2 per session (--max-interfaces)\n", await download.Content.ReadAsStringAsync(ct));
    }

    [Fact(Timeout = 30_000)]
    public async Task Upgrade_CrossOrigin_403()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await TokenServer.StartAsync(Tokens, ct, directory: new FakeTargetDirectory());

        Assert.Equal(HttpStatusCode.Forbidden, await UpgradeStatusAsync(server, "netns=1", AliceToken, ct, origin: "http://evil.example"));
    }

    [Fact(Timeout = 90_000)]
    public async Task ClientFrames_SmallIgnored64KiBClosesWith1009()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        await using var server = await TokenServer.StartAsync(Tokens, ct);
        await using var client = await CaptureClient.ConnectAsync(
            server.CaptureUri($"netns={container.NetnsInode}&nif=eth0&filter=icmp"), ct, TokenServer.Bearer(AliceToken));
        await client.WaitForAsync(b => b.OfType<InterfaceDescriptionBlock>().Any(), ct);

        // Small data messages are dropped, as upstream does: the capture goes on.
        await client.Socket.SendAsync(new byte[100], WebSocketMessageType.Binary, endOfMessage: true, ct);
        await client.Socket.SendAsync("hello"u8.ToArray(), WebSocketMessageType.Text, endOfMessage: true, ct);
        await container.PingPeerAsync(1, ct);
        await client.WaitForAsync(b => b.OfType<EnhancedPacketBlock>().Count() >= 2, ct);

        await client.Socket.SendAsync(new byte[64 * 1024], WebSocketMessageType.Binary, endOfMessage: true, ct);
        await client.WaitForServerCloseAsync(ct);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.CloseStatus);
        Assert.Contains("4096", client.CloseReason, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Headers_Oversized_431AndLongRequestLine414()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await TokenServer.StartAsync(Tokens, ct, directory: new FakeTargetDirectory());
        using var http = new HttpClient();

        var big = server.Get("/version", AliceToken);
        big.Headers.Add("X-Padding", new string('a', 40 * 1024));
        using (var response = await http.SendAsync(big, ct))
        {
            Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
        }

        using (var response = await http.SendAsync(server.Get("/capture.pcapng?netns=1&filter=" + new string('a', 20 * 1024), AliceToken), ct))
        {
            Assert.Equal(HttpStatusCode.RequestUriTooLong, response.StatusCode);
        }

        // The service is still there.
        using var after = await http.SendAsync(server.Get("/version", AliceToken), ct);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact(Timeout = 60_000)]
    public async Task Handshake_HeadersNeverFinished_ClosedAfterTimeout()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await TokenServer.StartAsync(Tokens, ct, o => o with { HandshakeTimeoutSeconds = 1 },
            directory: new FakeTargetDirectory());
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.BaseUri.Port, ct);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes("GET /capture HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"), ct);

        // Kestrel answers 408 and closes; read to the end of the stream (the test's timeout bounds a hang).
        var answer = new MemoryStream();
        await stream.CopyToAsync(answer, ct);
        var text = Encoding.ASCII.GetString(answer.ToArray());
        Assert.True(text.Length == 0 || text.StartsWith("HTTP/1.1 408", StringComparison.Ordinal), text);
    }
}
