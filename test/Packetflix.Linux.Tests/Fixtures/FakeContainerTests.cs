using Packetflix.Tests.Common;

namespace Packetflix.Linux.Tests.Fixtures;

public class FakeContainerTests
{
    [Fact(Timeout = 30000)]
    public async Task StartAsync_Container_HasOwnNetnsAndPingsPeer()
    {
        Privileged.Require();
        Privileged.RequireTool("busybox");
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);

        Assert.True(NamespaceInode.TryGet("/proc/self/ns/net", out var own));
        Assert.NotEqual(own, container.NetnsInode);
        Assert.True(ProcStat.TryReadStartTime(container.Pid, out var startTime));
        Assert.Equal(container.StartTime, startTime);

        await container.PingPeerAsync(2, ct);
        await container.PingLoopbackAsync(2, ct);
    }

    [Fact(Timeout = 30000)]
    public async Task StartAsync_Container_NoIpv6OnEitherSide()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        var pid = container.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var inside = await Shell.RunCheckedAsync("nsenter", ["--target", pid, "--net", "ip", "-6", "-o", "addr", "show"], TimeSpan.FromSeconds(20), ct);
        var peer = await Shell.RunCheckedAsync("ip", ["-n", container.PeerNetnsName, "-6", "-o", "addr", "show"], TimeSpan.FromSeconds(20), ct);
        Assert.Equal(string.Empty, inside.StdOut.Trim());
        Assert.Equal(string.Empty, peer.StdOut.Trim());
    }

    [Fact(Timeout = 30000)]
    public async Task DisposeAsync_Container_LeavesNoProcessOrNetns()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        int pid;
        int unshare;
        string peer;
        await using (var container = await FakeContainer.StartAsync(ct))
        {
            (pid, peer) = (container.Pid, container.PeerNetnsName);
            unshare = ParentOf(pid);
            Assert.True(Directory.Exists($"/proc/{pid}"));
        }

        Assert.False(Directory.Exists($"/proc/{pid}"));
        Assert.False(Directory.Exists($"/proc/{unshare}"));
        Assert.False(File.Exists($"/run/netns/{peer}"));
    }

    [Fact(Timeout = 30000)]
    public async Task KillAsync_Container_ProcessGoneAndWatchSeesIt()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        using var watch = ProcessExitWatch.TryOpen(container.Pid);
        Assert.NotNull(watch);
        Assert.False(watch.HasExited());

        await container.KillAsync();

        Assert.True(watch.HasExited());
        Assert.False(ProcStat.TryReadStartTime(container.Pid, out _));
    }

    private static int ParentOf(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("PPid:", StringComparison.Ordinal));
        return int.Parse(line["PPid:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
