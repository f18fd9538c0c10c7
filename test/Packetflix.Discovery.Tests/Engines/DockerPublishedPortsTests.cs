using System.Text.Json;
using Packetflix.Discovery.Engines;
using Packetflix.Discovery.Engines.Docker;

namespace Packetflix.Discovery.Tests.Engines;

/// <summary>Published ports from container inspections (GET /containers/{id}/json), shortened to the fields read.</summary>
public sealed class DockerPublishedPortsTests
{
    /// <summary><c>docker run -p 8080:80 -p 127.0.0.1::53/udp</c> on the default bridge (Docker 27).</summary>
    private const string Published = """
        {"Id": "4f1c0ab2", "Name": "/web", "State": {"Running": true, "Paused": false, "Pid": 4242},
         "Config": {"Labels": {}},
         "NetworkSettings": {"Bridge": "", "SandboxKey": "/var/run/docker/netns/8c0d9e4d5b1f",
           "Ports": {"53/udp": [{"HostIp": "127.0.0.1", "HostPort": "32768"}],
                     "80/tcp": [{"HostIp": "0.0.0.0", "HostPort": "8080"}, {"HostIp": "::", "HostPort": "8080"}]},
           "SecondaryIPAddresses": null, "Gateway": "172.17.0.1", "GlobalIPv6Address": "", "GlobalIPv6PrefixLen": 0,
           "IPAddress": "172.17.0.2", "IPPrefixLen": 16, "IPv6Gateway": "", "MacAddress": "02:42:ac:11:00:02",
           "Networks": {"bridge": {"IPAMConfig": null, "Links": null, "Aliases": null, "MacAddress": "02:42:ac:11:00:02",
             "Gateway": "172.17.0.1", "IPAddress": "172.17.0.2", "IPPrefixLen": 16, "GlobalIPv6Address": "", "DNSNames": null}}}}
        """;

    /// <summary>Recorded from dockerd 20.10.24: <c>docker run -p 127.0.0.1::80 -p 8081:81/udp</c>, NetworkSettings
    /// verbatim (the rest of the inspection left out).</summary>
    private const string Recorded = """
        {"Id": "5e3b", "Name": "/rec", "State": {"Running": true, "Paused": false, "Pid": 4545}, "Config": {"Labels": {}},
         "NetworkSettings": {"Bridge":"","SandboxID":"d26cb68bc02f8607b2e619b4ae25a70bc95f815471bd8d5cede2d3864e44fa63","SandboxKey":"/var/run/docker/netns/d26cb68bc02f","Ports":{"80/tcp":[{"HostIp":"127.0.0.1","HostPort":"32770"}],"81/udp":[{"HostIp":"0.0.0.0","HostPort":"8081"},{"HostIp":"::","HostPort":"8081"}]},"HairpinMode":false,"LinkLocalIPv6Address":"","LinkLocalIPv6PrefixLen":0,"SecondaryIPAddresses":null,"SecondaryIPv6Addresses":null,"EndpointID":"e82b1005f163826c9ee68fe137620310fc6a04611c7f53a1c0f0aaa77d11f864","Gateway":"172.17.0.1","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"IPAddress":"172.17.0.2","IPPrefixLen":16,"IPv6Gateway":"","MacAddress":"02:42:ac:11:00:02","Networks":{"bridge":{"IPAMConfig":null,"Links":null,"Aliases":null,"MacAddress":"02:42:ac:11:00:02","DriverOpts":null,"GwPriority":0,"NetworkID":"4eb7ad2652c4a8112f0c4d713fe80fbd5a4e71199b56ff79de599d0671884b83","EndpointID":"e82b1005f163826c9ee68fe137620310fc6a04611c7f53a1c0f0aaa77d11f864","Gateway":"172.17.0.1","IPAddress":"172.17.0.2","IPPrefixLen":16,"IPv6Gateway":"","GlobalIPv6Address":"","GlobalIPv6PrefixLen":0,"DNSNames":null}}}}
        """;

    /// <summary>An image's EXPOSE without <c>-p</c>: the port is listed with null bindings.</summary>
    private const string ExposedOnly = """
        {"Id": "77aa", "Name": "/quiet", "State": {"Running": true, "Paused": false, "Pid": 4343}, "Config": {"Labels": null},
         "NetworkSettings": {"Ports": {"80/tcp": null}, "IPAddress": "172.17.0.3",
           "Networks": {"bridge": {"IPAddress": "172.17.0.3", "GlobalIPv6Address": ""}}}}
        """;

    /// <summary>A user-defined dual-stack network: no top-level addresses (newer API versions drop them), an empty
    /// HostIp, and a binding on the IPv6 wildcard.</summary>
    private const string UserNetwork = """
        {"Id": "99bb", "Name": "/api", "State": {"Running": true, "Paused": false, "Pid": 4444}, "Config": {"Labels": {}},
         "NetworkSettings": {"Ports": {"9000/tcp": [{"HostIp": "", "HostPort": "9000"}, {"HostIp": "::", "HostPort": "9000"}],
                                       "9001": [{"HostIp": "0:0:0:0:0:0:0:1", "HostPort": "9001"}], "9002/tcp": [{"HostIp": "", "HostPort": ""}]},
           "Networks": {"zeta": {"IPAddress": "10.89.1.9", "GlobalIPv6Address": "fd00:89::9"},
                        "alpha": {"IPAddress": "10.89.0.5", "GlobalIPv6Address": "fd00:88::5"}}}}
        """;

    private static List<PublishedPort> Parse(string json) =>
        DockerPublishedPorts.FromInspect(JsonSerializer.Deserialize(json, DockerJsonContext.Default.DockerContainerInspect)?.NetworkSettings);

    [Fact]
    public void FromInspect_DefaultBridgeWithPublishedPorts_EveryBindingWithContainerAddress()
    {
        Assert.Equal(
            [
                new PublishedPort("udp", "127.0.0.1", 32768, "172.17.0.2", 53),
                new PublishedPort("tcp", "0.0.0.0", 8080, "172.17.0.2", 80),
                new PublishedPort("tcp", "::", 8080, "172.17.0.2", 80),
            ],
            Parse(Published));
    }

    [Fact]
    public void FromInspect_RecordedDocker20_LoopbackTcpAndDualStackUdp()
    {
        Assert.Equal(
            [
                new PublishedPort("tcp", "127.0.0.1", 32770, "172.17.0.2", 80),
                new PublishedPort("udp", "0.0.0.0", 8081, "172.17.0.2", 81),
                new PublishedPort("udp", "::", 8081, "172.17.0.2", 81),
            ],
            Parse(Recorded));
    }

    [Fact]
    public void FromInspect_ExposedButNotPublished_None()
    {
        Assert.Empty(Parse(ExposedOnly));
        Assert.Empty(DockerPublishedPorts.FromInspect(null));
        Assert.Empty(Parse("""{"Id": "1", "NetworkSettings": {"Ports": {}}}"""));
        Assert.Empty(Parse("""{"Id": "1", "NetworkSettings": {"Ports": null}}"""));
    }

    [Fact]
    public void FromInspect_UserNetworkEmptyHostIpAndIpv6_FirstNetworkByNameAndCanonicalAddresses()
    {
        Assert.Equal(
            [
                new PublishedPort("tcp", "0.0.0.0", 9000, "10.89.0.5", 9000),
                new PublishedPort("tcp", "::", 9000, "fd00:88::5", 9000),
                new PublishedPort("tcp", "::1", 9001, "fd00:88::5", 9001),
            ],
            Parse(UserNetwork));
    }

    [Theory]
    [InlineData(null, "0.0.0.0")]
    [InlineData("", "0.0.0.0")]
    [InlineData("::", "::")]
    [InlineData("0:0:0:0:0:0:0:0", "::")]
    [InlineData("not-an-address", "not-an-address")]
    public void HostAddress_ForComparisonWithTheProxy_Canonical(string? hostIp, string expected)
    {
        Assert.Equal(expected, DockerPublishedPorts.HostAddress(hostIp));
    }
}
