using System.Text;
using Packetflix.Core.Pcapng;

namespace Packetflix.Extcap.Tests;

/// <summary><c>packetflix capture a b</c> makes one multi-target request; <c>ls a b</c> shows what it selects.</summary>
public sealed class MultiTargetCliTests
{
    private const string Discovery = """
        {"containers":[
          {"name":"web","type":"docker","netns":4026532001,"network-interfaces":["eth0","lo"],"pid":10,"starttime":20,"prefix":""},
          {"name":"api","type":"docker","netns":4026532002,"network-interfaces":["eth0"],"pid":11,"starttime":21,"prefix":"a"},
          {"name":"api","type":"docker","netns":4026532003,"network-interfaces":["eth0"],"pid":12,"starttime":22,"prefix":"b"}
        ]}
        """;

    private static Task<(int Code, byte[] Out, string Err)> RunAsync(params string[] args) =>
        CliRun.RunAsync(TimeSpan.FromSeconds(30), args);

    [Fact(Timeout = 60000)]
    public async Task Capture_SeveralNames_OneMultiTargetRequest()
    {
        await using var service = await FakePacketflixService.StartAsync(TestContext.Current.CancellationToken);
        service.DiscoveryJson = Discovery;
        var (code, output, err) = await RunAsync("capture", "web", "b:api", "-c", "2", "-w", "-", "--host", service.HostUrl);
        Assert.True(code == 0, err);
        var record = await service.Finished.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        var targets = record.Headers["Clustershark-Targets"];
        Assert.StartsWith("""[{"name":"web","type":"docker","netns":4026532001,"network-interfaces":["eth0","lo"]""", targets,
            StringComparison.Ordinal);
        Assert.Contains("""{"name":"api","type":"docker","netns":4026532003,""", targets, StringComparison.Ordinal);
        Assert.False(record.Headers.ContainsKey("Clustershark-Container"));
        var shb = Assert.IsType<SectionHeaderBlock>(PcapngReader.ReadAll(output)[0]);
        Assert.Contains("container-name: web\n", shb.Comment, StringComparison.Ordinal);
        Assert.Contains("targets:\n    - name: web\n", shb.Comment, StringComparison.Ordinal);
        Assert.Contains("    - name: api\n      type: docker\n      prefix: b\n      netns: 4026532003\n", shb.Comment, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60000)]
    public async Task Ls_Names_ShowsWhatCaptureSelects()
    {
        await using var service = await FakePacketflixService.StartAsync(TestContext.Current.CancellationToken);
        service.DiscoveryJson = Discovery;
        var (code, output, err) = await RunAsync("ls", "web", "b:api", "--host", service.HostUrl);
        Assert.True(code == 0, err);
        var lines = Encoding.UTF8.GetString(output).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("b:api ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("web ", lines[2], StringComparison.Ordinal);
    }
}
