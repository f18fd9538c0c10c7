using Packetflix.Discovery.Json;
using Packetflix.Discovery.Model;
using Packetflix.Discovery.Namespaces;
using Packetflix.Discovery.Netlink;
using Packetflix.Discovery.Tests.Api;
using Packetflix.Linux;
using Packetflix.Tests.Common;

namespace Packetflix.Discovery.Tests.Netlink;

/// <summary>rtnetlink inside real namespaces made with ip netns and unshare.</summary>
public sealed class NetworkScannerTests
{
    [Fact(Timeout = 60_000)]
    public async Task Discover_IpNetnsPair_BindmountWithVethPeerInOtherNamespace()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);

        var result = await EmbeddedDiscoveryTests.DiscoverAsync(new FakeEngineSource(), pair.InodeA, ct);

        var a = Assert.Single(result.Namespaces, n => n.Inode == pair.InodeA);
        var target = Assert.Single(a.Targets);
        Assert.Equal((pair.PathA, "bindmount", 0, 0UL), (target.Name, target.Type, target.Pid, target.StartTime));
        Assert.Equal([pair.PathA], a.BindMounts);
        var eth0 = Assert.Single(a.Interfaces, i => i.Name == "eth0");
        var b = Assert.Single(result.Namespaces, n => n.Inode == pair.InodeB);
        var peerEth0 = Assert.Single(b.Interfaces, i => i.Name == "eth0");
        Assert.Equal("veth", eth0.Kind);
        Assert.Equal(new InterfacePeer(pair.InodeB, peerEth0.Index, "eth0"), eth0.Peer);
        Assert.Equal(new InterfacePeer(pair.InodeA, eth0.Index, "eth0"), peerEth0.Peer);
        Assert.Contains(new InterfaceAddress(NetnsPair.AddressA, 24), eth0.Ipv4);
        Assert.Equal(17, eth0.Mac.Length);
        Assert.Equal("", Assert.Single(a.Interfaces, i => i.Name == "lo").Kind);
        Assert.Equal(["eth0", "lo"], a.CapturableInterfaces);
    }

    [Fact(Timeout = 60_000)]
    public async Task Discover_DownInterface_InJsonButNotInMobyshark()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var pair = await NetnsPair.CreateAsync(ct);
        // A new veth pair starts DOWN (the dummy module may be missing on the VM).
        await Shell.RunCheckedAsync("ip", ["-n", pair.NameA, "link", "add", "down7", "type", "veth", "peer", "name", "down8"], TimeSpan.FromSeconds(10), ct);

        var result = await EmbeddedDiscoveryTests.DiscoverAsync(new FakeEngineSource(), pair.InodeA, ct);

        var a = Assert.Single(result.Namespaces, n => n.Inode == pair.InodeA);
        var down = Assert.Single(a.Interfaces, i => i.Name == "down7");
        Assert.Equal(("veth", "DOWN"), (down.Kind, down.OperState));
        Assert.Equal(new InterfacePeer(pair.InodeA, Assert.Single(a.Interfaces, i => i.Name == "down8").Index, "down8"), down.Peer);
        Assert.DoesNotContain("down7", a.CapturableInterfaces);
        var mobyshark = System.Text.Encoding.UTF8.GetString(DiscoveryJson.Mobyshark(result).Span);
        Assert.Contains($"\"netns\":{pair.InodeA},\"network-interfaces\":[\"eth0\",\"lo\"]", mobyshark, StringComparison.Ordinal);
        Assert.Contains("\"name\":\"down7\",", System.Text.Encoding.UTF8.GetString(DiscoveryJson.Ui(result)), StringComparison.Ordinal);
    }

    [Fact(Timeout = 60_000)]
    public async Task ScanAsync_ProcessVanishedAfterProcessScan_LeftOutWithoutFailing()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        NamespaceInode.TryGet("/proc/thread-self/ns/net", out var own);
        var table = ProcessTable.Scan();
        var records = NamespaceScanner.Scan(table, own, 0);
        Assert.Contains(container.NetnsInode, records.Keys);

        // A process that is gone already, and the container dying between the process scan and the netlink scan.
        records[4026599999] = new NetnsRecord(4026599999);
        records[4026599999].Processes.Add(new ProcessInfo(int.MaxValue - 1, 1, "ghost", 1, 4026599999, 0, 0, [int.MaxValue - 1]));
        await container.KillAsync();

        var links = await NetworkScanner.ScanAsync(records.Values, own, ct);

        Assert.DoesNotContain(container.NetnsInode, links.Keys);
        Assert.DoesNotContain(4026599999UL, links.Keys);
        Assert.Contains(own, links.Keys);
    }
}
