using System.Net;
using System.Net.WebSockets;
using System.Text.Json;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Auth;

/// <summary>Bearer tokens, tickets and the audit log against a real Kestrel (with --auth-on-loopback, so the
/// loopback test client is treated like a remote one).</summary>
public sealed class AccessTests
{
    internal const string AliceToken = "alice-token-0123456789abcdef";
    internal const string BobToken = "bob-token-0123456789abcdef00";

    /// <summary>The shared <see cref="TokenServer"/>, as the tuple these tests were written against.</summary>
    private static async Task<(PacketflixTestServer Server, LogCollector Logs, TempDirectory Dir)> StartAsync(CancellationToken ct,
        string tokens = $"alice:{AliceToken}\n")
    {
        var started = await TokenServer.StartAsync(tokens, ct, directory: new FakeTargetDirectory());
        return (started.Server, started.Logs, started.Dir);
    }

    private static HttpRequestMessage Get(Uri uri, string? token = null) => TokenServer.Get(uri, token);

    [Fact(Timeout = 30_000)]
    public async Task Json_NoWrongAndRightToken_401ChallengeThen200()
    {
        var ct = TestContext.Current.CancellationToken;
        var (server, logs, dir) = await StartAsync(ct);
        using var _ = dir;
        await using var __ = server;
        using var http = new HttpClient();

        using var none = await http.SendAsync(Get(new Uri(server.BaseUri, "/mobyshark")), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Bearer realm=\"packetflix\"", none.Headers.WwwAuthenticate.ToString());

        using var wrong = await http.SendAsync(Get(new Uri(server.BaseUri, "/version"), "wrong-token-0123456789"), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("error=\"invalid_token\"", wrong.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);

        using var right = await http.SendAsync(Get(new Uri(server.BaseUri, "/version"), AliceToken), ct);
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);

        // The UI's page is public: it has no data and asks for the token itself.
        using var page = await http.SendAsync(Get(new Uri(server.BaseUri, "/")), ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);

        Assert.Contains("Authorization: [redacted]", logs.All(), StringComparison.Ordinal);
        Assert.DoesNotContain(AliceToken, logs.All(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Capture_NoToken_401BeforeUpgradeWithChallenge()
    {
        var ct = TestContext.Current.CancellationToken;
        var (server, _, dir) = await StartAsync(ct);
        using var _d = dir;
        await using var _s = server;
        using var ws = new ClientWebSocket();
        ws.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => ws.ConnectAsync(server.CaptureUri("netns=1"), ct));
        Assert.Equal(HttpStatusCode.Unauthorized, ws.HttpStatusCode);
        Assert.Equal("Bearer realm=\"packetflix\"", string.Join(",", ws.HttpResponseHeaders!["WWW-Authenticate"]));
    }

    [Theory(Timeout = 30_000)]
    [InlineData("ticket")]
    [InlineData("Ticket")] // the query's keys are matched ignoring case, so this one is a ticket too
    public async Task Ticket_UsedOnce_SecondUseRefusedAndNeverLogged(string parameter)
    {
        var ct = TestContext.Current.CancellationToken;
        var (server, logs, dir) = await StartAsync(ct);
        using var _d = dir;
        await using var _s = server;
        using var http = new HttpClient();

        using var anonymous = await http.PostAsync(new Uri(server.BaseUri, "/auth/ticket"), null, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);

        var request = Get(new Uri(server.BaseUri, "/auth/ticket"), AliceToken);
        request.Method = HttpMethod.Post;
        using var issued = await http.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.OK, issued.StatusCode);
        using var json = JsonDocument.Parse(await issued.Content.ReadAsStringAsync(ct));
        var ticket = json.RootElement.GetProperty("ticket").GetString()!;
        Assert.True(json.RootElement.GetProperty("expires_in").GetInt32() <= 30);

        // Authenticated by the ticket: the request gets as far as the (invalid) netns.
        var uri = new Uri(server.BaseUri, $"/capture.pcapng?netns=-1&{parameter}={ticket}");
        using var first = await http.SendAsync(Get(uri), ct);
        Assert.Equal(HttpStatusCode.BadRequest, first.StatusCode);
        using var second = await http.SendAsync(Get(uri), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, second.StatusCode);

        var all = logs.All();
        Assert.DoesNotContain(ticket, all, StringComparison.Ordinal);
        Assert.Contains($"{parameter}=[redacted]", all, StringComparison.Ordinal);
        Assert.Contains("capture request by alice from 127.0.0.1:", all, StringComparison.Ordinal);

        using var metrics = await http.SendAsync(Get(new Uri(server.BaseUri, "/metrics"), AliceToken), ct);
        var text = await metrics.Content.ReadAsStringAsync(ct);
        Assert.DoesNotContain(ticket, text, StringComparison.Ordinal);
        Assert.DoesNotContain(AliceToken, text, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task TokenFile_ReplacedByRename_NewTokenAcceptedOldRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        var (server, logs, dir) = await StartAsync(ct);
        using var _d = dir;
        await using var _s = server;
        using var http = new HttpClient();
        var version = new Uri(server.BaseUri, "/version");
        using (var before = await http.SendAsync(Get(version, AliceToken), ct))
        {
            Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        }

        // What editors and config management do: write a new file, rename it over the old one.
        var replacement = dir.File("tokens.new");
        File.WriteAllText(replacement, $"bob:{BobToken}\n");
        File.SetUnixFileMode(replacement, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(replacement, dir.File("tokens"), overwrite: true);

        while (true)
        {
            using var bob = await http.SendAsync(Get(version, BobToken), ct);
            if (bob.StatusCode == HttpStatusCode.OK)
            {
                break;
            }

            await Task.Delay(100, ct);
        }

        using var alice = await http.SendAsync(Get(version, AliceToken), ct);
        Assert.Equal(HttpStatusCode.Unauthorized, alice.StatusCode);
        Assert.Contains("reloaded: 1 tokens", logs.All(), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task Capture_TicketOnWebSocket_StreamsAndOneAuditLine()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        var (server, logs, dir) = await StartAsync(ct);
        using var _d = dir;
        await using var _s = server;
        using var http = new HttpClient();
        var request = Get(new Uri(server.BaseUri, "/auth/ticket"), AliceToken);
        request.Method = HttpMethod.Post;
        using var issued = await http.SendAsync(request, ct);
        using var json = JsonDocument.Parse(await issued.Content.ReadAsStringAsync(ct));
        var ticket = json.RootElement.GetProperty("ticket").GetString()!;

        await using (var client = await CaptureClient.ConnectAsync(
                   server.CaptureUri($"netns={container.NetnsInode}&nif=eth0&filter=icmp&ticket={ticket}"), ct))
        {
            await client.WaitForAsync(b => b.OfType<Packetflix.Core.Pcapng.InterfaceDescriptionBlock>().Any(), ct);
            await container.PingPeerAsync(3, ct);
            await client.WaitForAsync(b => b.OfType<Packetflix.Core.Pcapng.EnhancedPacketBlock>().Count() >= 6, ct);
            await client.CloseAsync(ct);
        }

        // The audit line is written when the request has ended.
        string? line = null;
        while (line is null)
        {
            line = logs.Lines.Where(l => l.Category == "Packetflix.Audit").Select(l => l.Message)
                .FirstOrDefault(m => m.StartsWith("capture session", StringComparison.Ordinal));
            await Task.Delay(line is null ? 50 : 0, ct);
        }

        Assert.Contains(" by alice from 127.0.0.1:", line, StringComparison.Ordinal);
        Assert.Contains($"(netns {container.NetnsInode})", line, StringComparison.Ordinal);
        Assert.Contains("interfaces eth0, filter \"icmp\"", line, StringComparison.Ordinal);
        Assert.Matches(@", (\d+) packets, [1-9]\d* bytes sent, 0 dropped by the kernel, 0 dropped by us, ended: ", line);
        var packets = int.Parse(System.Text.RegularExpressions.Regex.Match(line, @", (\d+) packets").Groups[1].Value,
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(packets >= 6, line);
        Assert.DoesNotContain(ticket, logs.All(), StringComparison.Ordinal);
    }
}
