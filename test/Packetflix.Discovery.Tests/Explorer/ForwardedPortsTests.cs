using Packetflix.Discovery.Engines;
using Packetflix.Discovery.Explorer;
using Packetflix.Discovery.Json;
using Packetflix.Discovery.Model;

namespace Packetflix.Discovery.Tests.Explorer;

/// <summary>Forwarded ports from the engine's published ports and from docker-proxy command lines, merged.</summary>
public sealed class ForwardedPortsTests
{
    private const ulong Host = 4026531840;
    private const ulong Web = 4026532571;

    private static readonly IReadOnlyDictionary<string, string> NoLabels = new Dictionary<string, string>();

    private static List<NetnsInfo> Namespaces(params PublishedPort[] ports)
    {
        var web = new TargetInfo("web", "docker", "", "4f1c", "running", 4242, 77, NoLabels, null) { Ports = ports };
        var eth0 = new InterfaceInfo("eth0", 2, "veth", "UP", "02:42:ac:11:00:02", 1500, null, null, [new("172.17.0.2", 16)], []);
        return
        [
            new NetnsInfo(Host, true, [], [new TargetInfo("systemd(1)", "proc", "", "", "running", 1, 5, NoLabels, null)], []),
            new NetnsInfo(Web, false, [], [web], [eth0]),
        ];
    }

    private static (int, (string, string, int, string, int)) Proxy(int pid, string proto, string hostIp, int hostPort, int containerPort) =>
        (pid, (proto, hostIp, hostPort, "172.17.0.2", containerPort));

    [Fact]
    public void Merge_EngineOnlyWithoutUserlandProxy_EngineEntriesWithoutPid()
    {
        var forwarded = ForwardedPorts.Merge(
            Namespaces(new PublishedPort("tcp", "0.0.0.0", 8080, "172.17.0.2", 80), new PublishedPort("tcp", "::", 8080, "172.17.0.2", 80)), []);

        Assert.Equal(
            [
                new UiForwardedPort("tcp", "0.0.0.0", 8080, "web", "172.17.0.2", 80, "docker", 0),
                new UiForwardedPort("tcp", "::", 8080, "web", "172.17.0.2", 80, "docker", 0),
            ],
            forwarded[Web]);
        Assert.DoesNotContain(Host, forwarded.Keys);
    }

    [Fact]
    public void Merge_ProxyOnly_ProxyEntryByContainerAddress()
    {
        var forwarded = ForwardedPorts.Merge(Namespaces(), [Proxy(900, "tcp", "127.0.0.1", 32768, 80)]);

        Assert.Equal([new UiForwardedPort("tcp", "127.0.0.1", 32768, "web", "172.17.0.2", 80, ForwardedPorts.ProxySource, 900)], forwarded[Web]);
    }

    [Fact]
    public void Merge_SamePortFromBoth_OneEntryWithTheProxysPid()
    {
        // A proxy writing the IPv6 wildcard in full carries the engine's "::" binding; 9999 no engine reported.
        var forwarded = ForwardedPorts.Merge(
            Namespaces(
                new PublishedPort("tcp", "0.0.0.0", 8080, "172.17.0.2", 80),
                new PublishedPort("tcp", "::", 8080, "172.17.0.2", 80),
                new PublishedPort("udp", "127.0.0.1", 5353, "172.17.0.2", 53)),
            [Proxy(901, "tcp", "0.0.0.0", 8080, 80), Proxy(902, "tcp", "0:0:0:0:0:0:0:0", 8080, 80), Proxy(903, "tcp", "127.0.0.1", 9999, 99)]);

        Assert.Equal(
            [
                new UiForwardedPort("udp", "127.0.0.1", 5353, "web", "172.17.0.2", 53, "docker", 0),
                new UiForwardedPort("tcp", "0.0.0.0", 8080, "web", "172.17.0.2", 80, "docker", 901),
                new UiForwardedPort("tcp", "::", 8080, "web", "172.17.0.2", 80, "docker", 902),
                new UiForwardedPort("tcp", "127.0.0.1", 9999, "web", "172.17.0.2", 99, ForwardedPorts.ProxySource, 903),
            ],
            forwarded[Web]);
    }

    [Fact]
    public void Merge_ProxyToUnknownAddress_LeftOut()
    {
        var forwarded = ForwardedPorts.Merge(Namespaces(), [(904, ("tcp", "0.0.0.0", 8081, "172.30.0.9", 80))]);

        Assert.Empty(forwarded);
    }
}
