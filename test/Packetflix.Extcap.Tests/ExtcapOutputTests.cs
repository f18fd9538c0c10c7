using System.Text.RegularExpressions;
using Packetflix.Core;
using Packetflix.Extcap.Wireshark;

namespace Packetflix.Extcap.Tests;

public sealed class ExtcapOutputTests
{
    private static async Task<(int Code, string Out, string Err)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await new ExtcapPlugin(ExtcapArguments.Parse(args), output, error).RunAsync(TestContext.Current.CancellationToken);
        return (code, output.ToString(), error.ToString());
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact(Timeout = 30_000)]
    public async Task Interfaces_Default_ListsBothInterfacesLikeCshargextcap()
    {
        var (code, output, _) = await RunAsync("--extcap-interfaces", "--extcap-version=4.0");
        var v = PacketflixVersion.Version;
        Assert.Equal(0, code);
        Assert.Equal(
            [
                $"extcap {{version={v}}}{{help=https://github.com/siemens/cshargextcap}}",
                $"interface {{value=mobyshark}}{{display=Docker host capture ({v})}}",
                $"interface {{value=packetflix}}{{display=packetflix:// remote cluster and container host capture ({v})}}",
            ],
            Lines(output));
        Assert.Matches(new Regex(@"^extcap \{version=.*\}\{help=.*\}$"), Lines(output)[0]);
    }

    [Theory(Timeout = 30_000)]
    [InlineData("mobyshark")]
    [InlineData("packetflix")]
    public async Task Dlts_EitherInterface_PrintsClustersharkDlt(string nif)
    {
        var (code, output, _) = await RunAsync("--extcap-dlts", "--extcap-interface", nif);
        Assert.Equal(0, code);
        Assert.Equal(["dlt {number=147}{name=CLUSTERSHARK}{display=remote container capture}"], Lines(output));
    }

    [Fact(Timeout = 30_000)]
    public async Task Config_Mobyshark_PrintsArgsSortedThenAnyValue()
    {
        var (code, output, _) = await RunAsync("--extcap-config", "--extcap-interface", "mobyshark");
        var lines = Lines(output);
        Assert.Equal(0, code);
        Assert.Equal([1, 2, 10, 11, 20, 30, 31, 32, 33, 40, 50, 60, 61, 70, 71, 72, 73, 600, 666, 667, 668],
            lines.Where(l => l.StartsWith("arg ", StringComparison.Ordinal))
                .Select(l => int.Parse(Regex.Match(l, @"^arg \{number=(\d+)\}").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal("arg {number=1}{call=--dockerhosturl}{type=string}{required=true}{display=Docker host URL}"
            + "{tooltip=DNS name or IP address of Docker host}{placeholder=http://host-ip-or-dns:5001}", lines[0]);
        Assert.Equal("arg {number=10}{call=--container}{type=selector}{reload=true}{display=Containers}{placeholder=refresh}", lines[2]);
        Assert.StartsWith("arg {number=11}{call=--containers}{type=multicheck}{display=Several containers}", lines[3], StringComparison.Ordinal);
        Assert.DoesNotContain(lines, l => l.StartsWith("value {arg=11}", StringComparison.Ordinal));
        Assert.Equal("arg {number=20}{call=--nif}{type=selector}{reload=true}{display=Interfaces}{placeholder=refresh}", lines[4]);
        Assert.Equal("arg {number=30}{call=--showpods}{type=boolflag}{display=Show pods}{default=false}", lines[5]);
        Assert.Equal("arg {number=31}{call=--showcontainers}{type=boolflag}{display=Show standalone containers}{default=true}", lines[6]);
        Assert.Equal("arg {number=40}{call=--noprom}{type=boolflag}{display=No promiscuous mode}{default=false}", lines[9]);
        Assert.Equal("arg {number=70}{group=TLS}{call=--ca-file}{type=fileselect}{mustexist=true}{display=CA certificates file}"
            + "{tooltip=PEM file with the CA that issued the service's certificate; empty for the system's CAs}", lines[13]);
        Assert.Equal("arg {number=71}{group=TLS}{call=--tls-fingerprint}{type=string}{display=Certificate fingerprint}"
            + "{tooltip=accept exactly the certificate with this SHA-256 (sha256:AB:CD:..., as the service logs it)}"
            + "{placeholder=sha256:AB:CD:...}", lines[14]);
        Assert.Equal("arg {number=72}{group=TLS}{call=--tls-client-cert}{type=fileselect}{mustexist=true}{display=Client certificate}"
            + "{tooltip=PEM client certificate, when the service requires one (mTLS)}", lines[15]);
        Assert.Equal("arg {number=73}{group=TLS}{call=--tls-client-key}{type=fileselect}{mustexist=true}{display=Client certificate key}"
            + "{tooltip=PEM private key of the client certificate; empty when the certificate file holds it}", lines[16]);
        Assert.Equal("arg {number=600}{group=Proxy}{call=--proxyoff}{type=boolflag}{default=yes}{display=Disable proxies}"
            + "{tooltip=disables proxies completely}", lines[17]);
        Assert.Equal("value {arg=20}{value=any}{display=all}{default=true}", lines[^1]);
        Assert.All(lines, l => Assert.Matches(new Regex(@"^(arg \{number=\d+\}|value \{arg=\d+\})(\{[a-z]+=[^{}]*\})+$"), l));
    }

    [Fact(Timeout = 30_000)]
    public async Task Config_Packetflix_PrintsUrlArgAndNoValues()
    {
        var (_, output, _) = await RunAsync("--extcap-config", "--extcap-interface", "packetflix");
        var lines = Lines(output);
        Assert.Equal("arg {number=2}{call=--insecure}{type=boolflag}{display=⚠INSECURE⚠ Skip server certificate validation}", lines[0]);
        Assert.Equal("arg {number=10}{call=--url}{type=string}{required=true}{display=capture URL}"
            + "{tooltip=remote Packetflix capture service URL}{placeholder=packetflix://...}", lines[1]);
        Assert.DoesNotContain(lines, l => l.StartsWith("value ", StringComparison.Ordinal));
    }

    [Fact(Timeout = 30_000)]
    public async Task Reload_Container_ListsFilteredTargetsSortedWithEscapedJson()
    {
        await using var service = await FakePacketflixService.StartAsync(TestContext.Current.CancellationToken);
        service.DiscoveryJson = """
            {"containers":[
              {"name":"zeta","type":"docker","netns":4026532001,"network-interfaces":["eth0","lo"],"pid":10,"starttime":20,"prefix":""},
              {"name":"alpha","type":"docker","netns":4026532002,"network-interfaces":["eth0"],"pid":11,"starttime":21,"prefix":"kind"},
              {"name":"default/pod1","type":"pod","netns":4026532003,"network-interfaces":["eth0"],"pid":12,"starttime":22,"prefix":""},
              {"name":"systemd(1)","type":"proc","netns":4026531992,"network-interfaces":["eth0"],"pid":1,"starttime":1,"prefix":""}
            ]}
            """;
        var (code, output, _) = await RunAsync("--extcap-config", "--extcap-interface", "mobyshark", "--extcap-reload-option", "container",
            "--dockerhosturl", service.HostUrl, "--showcontainers", "--showpods", "false");
        Assert.Equal(0, code);
        const string Alpha = """{"name":"alpha","type":"docker","netns":4026532002,"network-interfaces":["eth0"],"prefix":"kind","starttime":21,"pid":11,"node-name":"127.0.0.1"}""";
        const string Zeta = """{"name":"zeta","type":"docker","netns":4026532001,"network-interfaces":["eth0","lo"],"prefix":"","starttime":20,"pid":10,"node-name":"127.0.0.1"}""";
        Assert.Equal(
            [
                $"value {{arg=10}}{{value={Uri.EscapeDataString(Alpha)}}}{{display=kind:alpha}}{{default=false}}",
                $"value {{arg=10}}{{value={Uri.EscapeDataString(Zeta)}}}{{display=zeta}}{{default=false}}",
            ],
            Lines(output));
    }

    [Fact(Timeout = 30_000)]
    public async Task Reload_ContainerWithShowFlags_IncludesPodsAndProcs()
    {
        await using var service = await FakePacketflixService.StartAsync(TestContext.Current.CancellationToken);
        service.DiscoveryJson = """
            {"containers":[{"name":"default/pod1","type":"pod","netns":1,"prefix":""},{"name":"init(1)","type":"proc","netns":2,"prefix":""},
            {"name":"/run/netns/x","type":"bindmount","netns":3,"prefix":""},{"name":"web","type":"docker","netns":4,"prefix":""}]}
            """;
        var (_, output, _) = await RunAsync("--extcap-config", "--extcap-interface", "mobyshark", "--extcap-reload-option", "container",
            "--dockerhosturl", service.HostUrl, "--showpods", "true", "--showprocs");
        Assert.Equal(["default/pod1", "init(1)"], Lines(output).Select(l => Regex.Match(l, @"\{display=([^}]*)\}").Groups[1].Value));
    }

    [Fact(Timeout = 30_000)]
    public async Task Reload_Nif_PrintsAnyThenSortedInterfaces()
    {
        var container = Uri.EscapeDataString("""{"name":"web","type":"docker","netns":1,"network-interfaces":["lo","eth1","eth0"]}""");
        var (_, output, _) = await RunAsync("--extcap-config", "--extcap-interface", "mobyshark", "--extcap-reload-option", "nif",
            "--container", container);
        Assert.Equal(
            [
                "value {arg=20}{value=any}{display=all}{default=true}",
                "value {arg=20}{value=eth0}{display=eth0}{default=false}",
                "value {arg=20}{value=eth1}{display=eth1}{default=false}",
                "value {arg=20}{value=lo}{display=lo}{default=false}",
            ],
            Lines(output));
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_UnknownInterface_FailsWithMessage()
    {
        var (code, _, error) = await RunAsync("--extcap-dlts", "--extcap-interface", "nope");
        Assert.Equal(1, code);
        Assert.Contains("unknown --extcap-interface \"nope\"", error, StringComparison.Ordinal);
    }

    [Fact(Timeout = 30_000)]
    public async Task Run_TwoActions_FailsAsMutuallyExclusive()
    {
        var (code, _, error) = await RunAsync("--extcap-interfaces", "--extcap-dlts");
        Assert.Equal(1, code);
        Assert.Contains("mutually exclusive", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Fix_FlagFollowedByBoolean_JoinsThem()
    {
        Assert.Equal(["--noprom=true", "--showpods=false", "--fifo", "/tmp/f", "--x", "true2"],
            ExtcapArguments.Fix(["--noprom", "true", "--showpods", "false", "--fifo", "/tmp/f", "--x", "true2"]));
    }

    [Fact]
    public void Parse_MixedForms_ReadsValuesAndFlags()
    {
        var args = ExtcapArguments.Parse(["--capture", "--extcap-interface", "mobyshark", "--noprom", "false", "--showpods",
            "--fifo=/tmp/f", "--extcap-capture-filter", "icmp"]);
        Assert.True(args.Flag("capture"));
        Assert.False(args.Flag("noprom"));
        Assert.True(args.Flag("showpods"));
        Assert.Equal("/tmp/f", args.Fifo);
        Assert.Equal("icmp", args.CaptureFilter);
        Assert.Equal("mobyshark", args.Interface);
    }
}
