using System.Net.WebSockets;

namespace Packetflix.Server.Tests;

/// <summary>Bad parameters are answered after the upgrade with close 1011 and upstream's reason text.</summary>
public sealed class CaptureErrorTests
{
    [Theory(Timeout = 30_000)]
    [InlineData("", "either container or netns query parameter required")]
    [InlineData("netns=1&container=%7B%7D", "container and netns query parameters are mutually exclusive")]
    [InlineData("netns=abc", "invalid netns \"abc\"")]
    [InlineData("netns=-1", "invalid netns \"-1\"")]
    [InlineData("container=%7Bbad", "invalid container/target description: ")]
    [InlineData("netns=1", "could not locate network namespace for container")]
    [InlineData("netns=1&snaplen=0", "invalid snaplen \"0\"")]
    public async Task Capture_BadParameters_Close1011WithReason(string query, string reasonStart)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri(query), ct);
        await client.WaitForServerCloseAsync(ct);
        Assert.Equal(WebSocketCloseStatus.InternalServerError, client.CloseStatus);
        Assert.StartsWith(reasonStart, client.CloseReason, StringComparison.Ordinal);
        Assert.Equal(0, client.Messages);
    }

    [Fact(Timeout = 30_000)]
    public async Task Capture_HeaderOverridesQuery_HeaderWins()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await PacketflixTestServer.StartAsync(ct);
        var headers = new Dictionary<string, string> { ["Clustershark-Container"] = "{\"netns\":\"oops\"}" };
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri("container=%7B%22netns%22%3A1%7D"), ct, headers);
        await client.WaitForServerCloseAsync(ct);
        Assert.StartsWith("invalid container/target description: ", client.CloseReason, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Capture_StaleTargetDirectoryUnreachable_CannotUpdateReason()
    {
        var ct = TestContext.Current.CancellationToken;
        // Port 9 on loopback: nothing listens there in the test VM, so the refresh fails fast.
        await using var server = await PacketflixTestServer.StartAsync(ct, new Cli.ServerOptions { GhostwirePort = 9, DiscoveryServiceGiven = true });
        var query = "container=" + Uri.EscapeDataString("""{"name":"gone","pid":999999999,"starttime":5}""");
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri(query), ct);
        await client.WaitForServerCloseAsync(ct);
        Assert.Equal(WebSocketCloseStatus.InternalServerError, client.CloseStatus);
        Assert.StartsWith("cannot update container meta data: ", client.CloseReason, StringComparison.Ordinal);
        Assert.True(System.Text.Encoding.UTF8.GetByteCount(client.CloseReason!) <= 123);
    }
}
