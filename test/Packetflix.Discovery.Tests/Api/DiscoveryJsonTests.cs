using System.Text;
using Packetflix.Core;
using Packetflix.Discovery.Engines;
using Packetflix.Discovery.Json;
using Packetflix.Discovery.Model;

namespace Packetflix.Discovery.Tests.Api;

/// <summary>Exact shapes and key order of /mobyshark and /json.</summary>
public sealed class DiscoveryJsonTests
{
    private static readonly DateTimeOffset At = new(2025, 3, 4, 5, 6, 7, 123, TimeSpan.Zero);

    private static DiscoveryResult Sample()
    {
        var lo = new InterfaceInfo("lo", 1, "", "UNKNOWN", "00:00:00:00:00:00", 65536, null, null, [new("127.0.0.1", 8)], [new("::1", 128)]);
        var eth0 = new InterfaceInfo("eth0", 2, "veth", "UP", "02:42:ac:11:00:02", 1500, null, new InterfacePeer(4026531840, 9, "veth1"), [], []);
        var down = new InterfaceInfo("eth1", 3, "veth", "DOWN", "02:42:ac:11:00:03", 1500, new InterfaceRef("br0", 4), null, [], []);
        // DOWN, so /mobyshark (which lists only capturable interfaces) stays as it was.
        var macvlan = new InterfaceInfo("mv0", 5, "macvlan", "DOWN", "02:42:ac:11:00:05", 1500, null, null, [], [])
        {
            Link = new InterfaceLink(4026531840, 2, "enp1s0"),
        };
        var web = new TargetInfo("web", "docker", "", "abc", "running", 42, 4711, new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" }, null);
        var host = new TargetInfo("systemd(1)", "proc", "", "", "running", 1, 5, new Dictionary<string, string>(), null);
        return new DiscoveryResult(At, "box", "Linux version 6.1", [new EngineInfo("e1", "docker", "27.0", "/run/docker.sock", 7, "")],
        [
            new NetnsInfo(4026531840, true, [], [host], [lo]),
            new NetnsInfo(4026532000, false, ["/run/netns/x"], [web], [lo, eth0, down, macvlan]),
        ]);
    }

    [Fact]
    public void Mobyshark_Sample_ExactUpstreamShape()
    {
        var json = Encoding.UTF8.GetString(DiscoveryJson.Mobyshark(Sample()).Span);
        Assert.Equal(
            $$"""{"metadata":{"creator":"Packetflix","creator-id":"packetflix","creator-version":"{{PacketflixVersion.Version}}","creation-timestamp":"2025-03-04T05:06:07Z","hostname":"box"},"containers":[{"name":"systemd(1)","type":"proc","netns":4026531840,"network-interfaces":["lo"],"pid":1,"starttime":5,"prefix":""},{"name":"web","type":"docker","netns":4026532000,"network-interfaces":["eth0","lo"],"pid":42,"starttime":4711,"prefix":""}]}""",
            json);
    }

    [Fact]
    public void Ui_Sample_DocumentedShape()
    {
        var json = Encoding.UTF8.GetString(DiscoveryJson.Ui(Sample()));
        Assert.StartsWith(
            $$$"""{"metadata":{"creator-id":"packetflix","creator-version":"{{{PacketflixVersion.Version}}}","creation-timestamp":"2025-03-04T05:06:07Z","hostname":"box","kernel-version":"Linux version 6.1"},"engines":[{"id":"e1","type":"docker","version":"27.0","api-path":"/run/docker.sock","pid":7,"prefix":""}],"network-namespaces":[{"netns":4026531840,"initial":true,"bind-mounts":[],"containers":[{"name":"systemd(1)","type":"proc","prefix":"","container-id":"","state":"running","pid":1,"starttime":5,"labels":{},"pod":null,"details":null}],"network-interfaces":[{"name":"lo","index":1,"kind":"","operstate":"UNKNOWN","mac":"00:00:00:00:00:00","mtu":65536,"master":null,"peer":null,"link":null,"addresses":{"ipv4":[{"address":"127.0.0.1","prefixlen":8}],"ipv6":[{"address":"::1","prefixlen":128}]}}],"routes":[],"sockets":null,"forwarded-ports":null,"partial":false,"reason":null},""",
            json);
        Assert.Contains("""{"name":"web","type":"docker","prefix":"","container-id":"abc","state":"running","pid":42,"starttime":4711,"labels":{"a":"1","b":"2"},"pod":null,"details":null}""", json, StringComparison.Ordinal);
        Assert.Contains("""{"name":"eth0","index":2,"kind":"veth","operstate":"UP","mac":"02:42:ac:11:00:02","mtu":1500,"master":null,"peer":{"netns":4026531840,"index":9,"name":"veth1"},""", json, StringComparison.Ordinal);
        Assert.Contains("""{"name":"eth1","index":3,"kind":"veth","operstate":"DOWN","mac":"02:42:ac:11:00:03","mtu":1500,"master":{"name":"br0","index":4},"peer":null,"link":null,""", json, StringComparison.Ordinal);
        Assert.Contains("""{"name":"mv0","index":5,"kind":"macvlan","operstate":"DOWN","mac":"02:42:ac:11:00:05","mtu":1500,"master":null,"peer":null,"link":{"netns":4026531840,"index":2,"name":"enp1s0"},""", json, StringComparison.Ordinal);
    }
}
