using Microsoft.Extensions.Logging.Abstractions;
using Packetflix.Discovery.Model;
using Packetflix.Tests.Common;

namespace Packetflix.Discovery.Tests.Api;

/// <summary>Whole discoveries against a FakeContainer, with and without an engine claiming it.</summary>
public sealed class EmbeddedDiscoveryTests
{
    /// <summary>Discovers until the container's eth0 is UP: the kernel's linkwatch sets operstate up to a second
    /// after `ip link set up`, and a DOWN interface is rightly not capturable.</summary>
    internal static async Task<DiscoveryResult> DiscoverAsync(FakeEngineSource engines, ulong netns, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + Eventually.DefaultDeadline;
        while (true)
        {
            using var service = new DiscoveryService(engines, TimeProvider.System, NullLogger<DiscoveryService>.Instance);
            var result = await service.GetAsync(cancellationToken);
            if (DateTime.UtcNow > deadline
                || result.Namespaces.Any(n => n.Inode == netns && n.Interfaces.Any(i => i.Name == "eth0" && i.OperState == "UP")))
            {
                return result;
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task GetAsync_UnsharedProcess_ProcTarget()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);

        var result = await DiscoverAsync(new FakeEngineSource(), container.NetnsInode, ct);

        var (netns, target) = Assert.Single(result.Targets, t => t.Netns.Inode == container.NetnsInode);
        Assert.Equal(($"sleep({container.Pid})", "proc", container.Pid, container.StartTime, ""),
            (target.Name, target.Type, target.Pid, target.StartTime, target.Prefix));
        Assert.Equal(["eth0", "lo"], netns.CapturableInterfaces);
        Assert.False(netns.Initial);
        var peer = Assert.Single(netns.Interfaces, i => i.Name == "eth0").Peer;
        Assert.NotNull(peer);
        Assert.Equal("eth0", peer.Name);
        Assert.Contains(result.Namespaces, n => n.Inode == peer.Netns && n.BindMounts.Contains($"/run/netns/{container.PeerNetnsName}"));
        Assert.True(result.Namespaces[0].Initial);
        Assert.Contains(result.Namespaces[0].Targets, t => t.Name == "systemd(1)" || t.Pid == 1);
    }

    [Fact(Timeout = 60_000)]
    public async Task GetAsync_EngineReportsDockerContainer_DockerTargetReplacesProc()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        var engines = new FakeEngineSource(FakeEngineSource.Container("web", "docker", container.Pid, ("com.docker.compose.project", "shop")));

        var result = await DiscoverAsync(engines, container.NetnsInode, ct);

        var (netns, target) = Assert.Single(result.Targets, t => t.Netns.Inode == container.NetnsInode);
        Assert.Equal(("web", "docker", container.Pid, container.StartTime, "id-web"),
            (target.Name, target.Type, target.Pid, target.StartTime, target.ContainerId));
        Assert.Equal("shop", target.Labels["com.docker.compose.project"]);
        Assert.Equal(["eth0", "lo"], netns.CapturableInterfaces);
        Assert.Equal("fake", Assert.Single(result.Engines).Id);
    }
}
