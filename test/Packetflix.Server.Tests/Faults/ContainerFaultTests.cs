using System.Net.WebSockets;
using Packetflix.Core.Pcapng;
using Packetflix.Core.Targets;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;

namespace Packetflix.Server.Tests.Faults;

/// <summary>Faults of what is captured (issue 10, "Faults"): a real Docker container killed, a bind-mounted netns
/// deleted. CaptureLifecycleTests covers a fake container killed and an interface deleted.</summary>
public sealed class ContainerFaultTests
{
    private const string Image = "local/busybox:latest";

    [Fact(Timeout = 180_000)]
    public async Task Capture_DockerContainerKilled_Close1011GoneWithExactCounts()
    {
        Privileged.Require();
        Privileged.RequireTool("docker");
        var ct = TestContext.Current.CancellationToken;
        var version = await Shell.RunAsync("docker", ["version", "--format", "{{.Server.Version}}"], TimeSpan.FromSeconds(20), ct);
        Privileged.RequireThat(version.ExitCode == 0, "dockerd is not running (test.sh starts it through test/engines.sh)");
        var name = $"pfkill-{Guid.NewGuid():N}"[..18];
        try
        {
            await Shell.RunCheckedAsync("docker", ["run", "-d", "--name", name, Image, "sleep", "1000"], TimeSpan.FromSeconds(60), ct);
            await using var server = await PacketflixTestServer.StartAsync(ct);
            var target = await FaultHelpers.WaitForTargetAsync(server.BaseUri, name, ct);
            await using var client = await CaptureClient.ConnectAsync(server.CaptureUri(Query(CaptureTargetJson.Serialize(target), "nif=lo")), ct);
            await client.WaitForAsync(b => Interfaces(b).Count == 1, ct);

            // A known number of echo requests on the container's lo, then the container is killed under the capture.
            const int Pings = 5;
            await Shell.RunCheckedAsync("docker", ["exec", name, "ping", "-c", $"{Pings}", "-i", "0.2", "127.0.0.1"], TimeSpan.FromSeconds(60), ct);
            await client.WaitForAsync(b => EchoRequests(b, 0) >= Pings, ct);
            await Shell.RunCheckedAsync("docker", ["kill", name], TimeSpan.FromSeconds(60), ct);
            await client.WaitForServerCloseAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);

            Assert.Equal(WebSocketCloseStatus.InternalServerError, client.CloseStatus);
            Assert.Contains("gone", client.CloseReason, StringComparison.Ordinal);
            var blocks = client.Blocks();
            Assert.Equal(Pings, EchoRequests(blocks, 0));
            // The final statistics tell exactly what was delivered: every packet block the stream holds, none dropped.
            var final = blocks.OfType<InterfaceStatisticsBlock>().Single(s => s.Statistics.EndTime is not null);
            Assert.Equal((ulong)blocks.OfType<EnhancedPacketBlock>().Count(), final.Statistics.UserDelivered);
            Assert.Equal(0UL, final.Statistics.OsDropped ?? 0);
        }
        finally
        {
            await Shell.RunAsync("docker", ["rm", "-f", name], TimeSpan.FromSeconds(60), CancellationToken.None);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task Capture_BindMountedNetnsDeleted_Close1011GoneAfterWhatWasSent()
    {
        // `ip netns del` only unmounts /run/netns/NAME: the kernel keeps the namespace (and its interfaces) while our
        // capture socket refers to it (network_namespaces(7)). The service watches for that: a captured netns that no
        // process and no mount holds any more is a target that is gone, and the session ends with a clear reason.
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri($"netns={pair.InodeB}&nif=eth0"), ct);
        await client.WaitForAsync(b => Interfaces(b).Count == 1, ct);
        await NetnsPair.PingAsync(pair.NameA, NetnsPair.AddressB, 2, ct);
        await client.WaitForAsync(b => EchoRequests(b, 0) >= 2, ct);

        await Shell.RunCheckedAsync("ip", ["netns", "del", pair.NameB], TimeSpan.FromSeconds(20), ct);
        Assert.False(File.Exists(pair.PathB));
        await client.WaitForServerCloseAsync(ct).WaitAsync(TimeSpan.FromSeconds(60), ct);

        Assert.Equal(WebSocketCloseStatus.InternalServerError, client.CloseStatus);
        Assert.Contains("gone", client.CloseReason, StringComparison.Ordinal);
        var blocks = client.Blocks();
        Assert.Equal(2, EchoRequests(blocks, 0));
        Assert.Contains(blocks, b => b is InterfaceStatisticsBlock { Statistics.EndTime: not null });
    }
}
