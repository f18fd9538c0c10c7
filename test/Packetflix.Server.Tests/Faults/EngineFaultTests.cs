using System.Net.WebSockets;
using Packetflix.Core.Pcapng;
using Packetflix.Core.Targets;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;

namespace Packetflix.Server.Tests.Faults;

/// <summary>Faults of the engine (issue 10, "Faults"): the daemon that owns a captured container is killed and
/// restarted. A capture works on the namespace, not through the engine, so it must go on; discovery must drop the
/// engine's containers while it is gone (they are no longer vouched for) and list them again once it is back.</summary>
public sealed class EngineFaultTests
{
    [Fact(Timeout = 300_000)]
    public async Task Capture_EngineDaemonKilledAndRestarted_CaptureGoesOnDiscoveryRecovers()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var engine = await PrivateContainerd.StartAsync(ct);
        var id = $"pfeng-{Guid.NewGuid():N}"[..16];
        var name = $"{PrivateContainerd.Namespace}/{id}";
        var pid = await engine.RunAsync(id, ct);
        await using var server = await PacketflixTestServer.StartAsync(ct);

        CaptureTarget? target = null;
        await FaultHelpers.WaitForTargetsAsync(server.BaseUri, targets =>
        {
            target = targets.FirstOrDefault(t => t.Type == "containerd" && t.Name == name);
            return target is not null;
        }, $"/mobyshark listing {name}", ct);
        await using var client = await CaptureClient.ConnectAsync(server.CaptureUri(Query(CaptureTargetJson.Serialize(target!), "nif=lo")), ct);
        await client.WaitForAsync(b => Interfaces(b).Count == 1, ct);

        const int Pings = 3;
        await PingAsync(pid, Pings, ct);
        await client.WaitForAsync(b => EchoRequests(b, 0) >= Pings, ct);

        // The engine crashes: the container (kept by its shim) and the capture go on; discovery stops listing it.
        var killed = engine.Pid;
        await engine.KillDaemonAsync();
        await FaultHelpers.WaitForTargetsAsync(server.BaseUri, targets => !targets.Any(t => t.Type == "containerd" && t.Name == name),
            $"/mobyshark no longer listing {name} after its engine was killed", ct);
        await PingAsync(pid, Pings, ct);
        await client.WaitForAsync(b => EchoRequests(b, 0) >= 2 * Pings, ct);

        // The engine is back (a new process): discovery finds the same container in the same namespace again.
        await engine.StartDaemonAsync(ct);
        Assert.NotEqual(killed, engine.Pid);
        await FaultHelpers.WaitForTargetsAsync(server.BaseUri,
            targets => targets.Any(t => t.Type == "containerd" && t.Name == name && t.Netns == target!.Netns),
            $"/mobyshark listing {name} again after its engine restarted", ct);
        await PingAsync(pid, Pings, ct);
        await client.WaitForAsync(b => EchoRequests(b, 0) >= 3 * Pings, ct);
        await client.CloseAsync(ct);

        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        var blocks = client.Blocks();
        Assert.Equal(3 * Pings, EchoRequests(blocks, 0));
        // The capture never noticed the engine: one interface from start to end, its final statistics exact.
        Assert.Single(Interfaces(blocks));
        var final = blocks.OfType<InterfaceStatisticsBlock>().Single(s => s.Statistics.EndTime is not null);
        Assert.Equal((ulong)blocks.OfType<EnhancedPacketBlock>().Count(), final.Statistics.UserDelivered);
    }

    private static Task<ShellResult> PingAsync(int pid, int count, CancellationToken ct) =>
        Shell.RunCheckedAsync("nsenter", ["-t", $"{pid}", "-n", "/bin/busybox", "ping", "-c", $"{count}", "-i", "0.2", "127.0.0.1"],
            TimeSpan.FromSeconds(60), ct);
}
