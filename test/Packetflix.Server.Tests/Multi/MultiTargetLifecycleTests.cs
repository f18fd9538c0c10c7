using System.Net.WebSockets;
using Packetflix.Core.Pcapng;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;

namespace Packetflix.Server.Tests.Multi;

/// <summary>A target killed in the middle of a multi-target capture ends its own interfaces; the others go on.</summary>
public sealed class MultiTargetLifecycleTests
{
    [Fact(Timeout = 90_000)]
    public async Task Capture_OneTargetKilled_ItsInterfacesEndOthersContinue()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var a = await FakeContainer.StartAsync(ct);
        await using var b = await FakeContainer.StartAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        var targets = $"[{TargetJson(a, "a")},{TargetJson(b, "b", """["eth0"]""")}]";
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri("targets=" + Uri.EscapeDataString(targets)), ct);
        await client.WaitForAsync(blocks => Interfaces(blocks).Count == 3, ct);

        await a.KillAsync();
        await client.WaitForAsync(blocks => Ended(blocks, 0) && Ended(blocks, 1), ct);
        await b.PingPeerAsync(3, ct);
        await client.WaitForAsync(blocks => EchoRequests(blocks, 2) >= 3, ct);
        await client.CloseAsync(ct);

        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        var blocks = client.Blocks();
        var gone = blocks.OfType<InterfaceStatisticsBlock>().First(s => s.InterfaceId == 0 && s.Statistics.EndTime is not null);
        Assert.Contains("interface closed: capture target is gone", gone.Statistics.Comment, StringComparison.Ordinal);
    }

    private static bool Ended(IReadOnlyList<PcapngBlock> blocks, uint interfaceId) =>
        blocks.OfType<InterfaceStatisticsBlock>().Any(s => s.InterfaceId == interfaceId && s.Statistics.EndTime is not null);
}
