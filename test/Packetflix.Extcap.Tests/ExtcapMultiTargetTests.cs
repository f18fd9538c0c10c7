using Packetflix.Extcap.Wireshark;
using Packetflix.Tests.Common;

namespace Packetflix.Extcap.Tests;

/// <summary>Several containers in one Wireshark capture: the mobyshark <c>multicheck</c> and <c>packetflix:</c> links
/// with <c>targets=</c>, each one <c>targets</c> request (docs/api.md, "Several targets").</summary>
public sealed class ExtcapMultiTargetTests
{
    private const string Discovery = """
        {"containers":[
          {"name":"zeta","type":"docker","netns":4026532001,"network-interfaces":["eth0","lo"],"pid":10,"starttime":20,"prefix":""},
          {"name":"alpha","type":"docker","netns":4026532002,"network-interfaces":["eth0"],"pid":11,"starttime":21,"prefix":"kind"}
        ]}
        """;

    private const string Zeta = """{"name":"zeta","type":"docker","netns":4026532001,"network-interfaces":["eth0","lo"],"prefix":""}""";
    private const string Alpha = """{"name":"alpha","type":"docker","netns":4026532002,"network-interfaces":["eth0"],"prefix":"kind"}""";

    [Fact(Timeout = 60000)]
    public async Task Config_MobysharkWithHost_ListsContainersAsMulticheckTree()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var service = await FakePacketflixService.StartAsync(ct);
        service.DiscoveryJson = Discovery;
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await new ExtcapPlugin(ExtcapArguments.Parse(["--extcap-config", "--extcap-interface", "mobyshark",
            "--dockerhosturl", service.HostUrl, "--showcontainers"]), output, error).RunAsync(ct);
        Assert.Equal(0, code);
        var values = output.ToString().Split('\n').Where(l => l.StartsWith("value {arg=11}", StringComparison.Ordinal)).ToList();
        Assert.Equal(3, values.Count);
        Assert.Equal("value {arg=11}{value=zeta-escaped}{display=zeta}{enabled=true}",
            values[0].Replace(Uri.EscapeDataString(
                """{"name":"zeta","type":"docker","netns":4026532001,"network-interfaces":["eth0","lo"],"prefix":"","starttime":20,"pid":10,"node-name":"127.0.0.1"}"""),
                "zeta-escaped", StringComparison.Ordinal));
        Assert.Equal("value {arg=11}{value=prefix:kind}{display=kind}{enabled=false}", values[1]);
        Assert.EndsWith("{display=alpha}{enabled=true}{parent=prefix:kind}", values[2], StringComparison.Ordinal);
    }

    [Fact(Timeout = 120000)]
    public async Task TsharkMobyshark_TwoContainersChecked_OneTargetsRequest()
    {
        var ct = TestContext.Current.CancellationToken;
        Privileged.RequireTool("tshark");
        using var temp = new TempDirectory();
        var env = await TsharkExtcapTests.InstallAsync(temp, ct);
        await using var service = await FakePacketflixService.StartAsync(ct);
        service.DiscoveryJson = Discovery;
        var containers = Uri.EscapeDataString(Zeta) + ",prefix:kind," + Uri.EscapeDataString(Alpha);
        var result = await TsharkExtcapTests.TsharkAsync(env, ["-i", "mobyshark", "-o", $"extcap.mobyshark.dockerhosturl:{service.HostUrl}",
            "-o", $"extcap.mobyshark.containers:{containers}", "-c", "3", "-T", "fields", "-e", "frame.number"], ct);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Equal(["1", "2", "3"], result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var record = await service.Finished.WaitAsync(TimeSpan.FromSeconds(15), ct);
        Assert.False(record.Headers.ContainsKey("Clustershark-Container"));
        Assert.StartsWith("""[{"name":"zeta","type":"docker","netns":4026532001,"network-interfaces":["eth0","lo"]""",
            record.Headers["Clustershark-Targets"], StringComparison.Ordinal);
        Assert.Contains("""{"name":"alpha","type":"docker","netns":4026532002,"network-interfaces":["eth0"]""",
            record.Headers["Clustershark-Targets"], StringComparison.Ordinal);
        Assert.Equal("ciao", record.ClientCloseReason);
    }

    [Fact(Timeout = 120000)]
    public async Task TsharkPacketflixUrl_TargetsLink_OneCaptureOfAll()
    {
        var ct = TestContext.Current.CancellationToken;
        Privileged.RequireTool("tshark");
        using var temp = new TempDirectory();
        var env = await TsharkExtcapTests.InstallAsync(temp, ct);
        await using var service = await FakePacketflixService.StartAsync(ct);
        service.DiscoveryJson = Discovery;
        // Alpha's own interface list and filter in the link stay; zeta is refreshed from discovery (pid, starttime).
        var targets = Uri.EscapeDataString("""[{"name":"zeta","type":"docker","netns":4026532001,"prefix":""},"""
            + """{"name":"alpha","type":"docker","netns":4026532002,"network-interfaces":["lo"],"prefix":"kind","filter":"udp"}]""");
        var url = $"packetflix:ws://{service.BaseUri.Authority}/capture?targets={targets}&filter=icmp";
        var result = await TsharkExtcapTests.TsharkAsync(env, ["-i", "packetflix", "-o", $"extcap.packetflix.url:{url}", "-c", "2",
            "-T", "fields", "-e", "frame.number"], ct);
        Assert.True(result.ExitCode == 0, result.StdErr);
        var record = await service.Finished.WaitAsync(TimeSpan.FromSeconds(15), ct);
        var sent = record.Headers["Clustershark-Targets"];
        Assert.StartsWith("""[{"name":"zeta","type":"docker","netns":4026532001,"network-interfaces":["eth0","lo"],"prefix":"","starttime":20,"pid":10""",
            sent, StringComparison.Ordinal);
        Assert.Contains("""{"name":"alpha","type":"docker","netns":4026532002,"network-interfaces":["lo"],"prefix":"kind","starttime":21,"pid":11""",
            sent, StringComparison.Ordinal);
        Assert.Contains("\"filter\":\"udp\"", sent, StringComparison.Ordinal);
        Assert.Equal("icmp", record.Headers["Clustershark-Filter"]);
        Assert.False(record.Headers.ContainsKey("Clustershark-Nif"));
    }
}
