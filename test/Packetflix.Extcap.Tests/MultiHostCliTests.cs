using System.Net.WebSockets;
using Packetflix.Core.Pcapng;

namespace Packetflix.Extcap.Tests;

/// <summary><c>packetflix capture --host A --host B …</c> against two fake services: one merged stream (docs/clients.md,
/// "Several hosts").</summary>
public sealed class MultiHostCliTests
{
    private const string WebAndDb = """
        {"containers":[
          {"name":"web","type":"docker","netns":4026532001,"network-interfaces":["eth0"],"pid":10,"starttime":20,"prefix":""},
          {"name":"db","type":"docker","netns":4026532002,"network-interfaces":["eth0"],"pid":11,"starttime":21,"prefix":""}
        ]}
        """;

    private static string Only(string name, long netns) =>
        $$"""{"containers":[{"name":"{{name}}","type":"docker","netns":{{netns}},"network-interfaces":["eth0"],"pid":10,"starttime":20,"prefix":""}]}""";

    private static Task<(int Code, byte[] Out, string Err)> RunAsync(params string[] args) => CliRun.RunAsync(TimeSpan.FromSeconds(30), args);

    private static string Label(FakePacketflixService service) => service.BaseUri.Authority;

    private static async Task<(FakePacketflixService A, FakePacketflixService B)> StartAsync(string discoveryA, string discoveryB)
    {
        var ct = TestContext.Current.CancellationToken;
        var a = await FakePacketflixService.StartAsync(ct);
        try
        {
            var b = await FakePacketflixService.StartAsync(ct);
            a.DiscoveryJson = discoveryA;
            b.DiscoveryJson = discoveryB;
            return (a, b);
        }
        catch
        {
            await a.DisposeAsync();
            throw;
        }
    }

    [Fact(Timeout = 60000)]
    public async Task Capture_TwoHosts_OneSectionWithPrefixedInterfacesAndEveryPacket()
    {
        var (a, b) = await StartAsync(Only("web", 4026532001), Only("db", 4026532002));
        await using var serviceA = a;
        await using var serviceB = b;
        a.PacketsBeforeClose = 5;
        b.PacketsBeforeClose = 5;

        var (code, output, err) = await RunAsync("capture", "web", "db", "-w", "-", "--host", a.HostUrl, "--host", b.HostUrl);

        Assert.True(code == 0, err);
        var blocks = TestPcapng.Read(output);
        var shb = Assert.IsType<SectionHeaderBlock>(blocks[0]);
        Assert.Single(blocks.OfType<SectionHeaderBlock>());
        Assert.Contains("container-name: web\n", shb.Comment, StringComparison.Ordinal);
        Assert.Contains("targets:\n", shb.Comment, StringComparison.Ordinal);
        Assert.Contains("db", shb.Comment, StringComparison.Ordinal);
        var names = blocks.OfType<InterfaceDescriptionBlock>().Select(i => i.Name ?? string.Empty).ToList();
        Assert.Equal(new[] { $"{Label(a)}:eth0", $"{Label(b)}:eth0" }.Order(), names.Order());
        var packets = blocks.OfType<EnhancedPacketBlock>().ToList();
        Assert.Equal(10, packets.Count);
        Assert.Equal(5, packets.Count(p => p.InterfaceId == 0));
        Assert.Equal(5, packets.Count(p => p.InterfaceId == 1));

        // Each service got the single-host request as a targets list, so its IDBs are named <label>/<nif>.
        Assert.StartsWith("""[{"name":"web",""", (await a.Finished.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken))
            .Headers["Clustershark-Targets"], StringComparison.Ordinal);
        Assert.StartsWith("""[{"name":"db",""", (await b.Finished.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken))
            .Headers["Clustershark-Targets"], StringComparison.Ordinal);

        // Both services ended their capture: each interface's last statistics block says so.
        var ends = blocks.OfType<InterfaceStatisticsBlock>().Where(s => s.Statistics.Comment?.Contains("ended: the service ended the capture",
            StringComparison.Ordinal) == true).ToList();
        Assert.Equal(2, ends.Count);
        Assert.Contains("10 packets captured, 0 dropped by the kernel, 0 dropped by packetflix", err, StringComparison.Ordinal);
    }

    [Fact(Timeout = 60000)]
    public async Task Capture_NameOnBothHosts_CapturedOnBothUntilTheCount()
    {
        var (a, b) = await StartAsync(Only("web", 4026532001), Only("web", 4026532009));
        await using var serviceA = a;
        await using var serviceB = b;
        // Three packets each, then silence with the sessions open: the count of 6 is reached only with both hosts'
        // packets, whichever host is faster, and it is the count that ends the capture.
        a.PacketsBeforeSilence = 3;
        b.PacketsBeforeSilence = 3;

        var (code, output, err) = await RunAsync("capture", "web", "-c", "6", "-w", "-", "--host", a.HostUrl, "--host", b.HostUrl);

        Assert.True(code == 0, err);
        var blocks = TestPcapng.Read(output);
        var names = blocks.OfType<InterfaceDescriptionBlock>().Select(i => i.Name ?? string.Empty).ToList();
        Assert.Equal(new[] { $"{Label(a)}:eth0", $"{Label(b)}:eth0" }.Order(), names.Order());
        var packets = blocks.OfType<EnhancedPacketBlock>().ToList();
        Assert.Equal(6, packets.Count);
        Assert.Equal(3, packets.Count(p => names[(int)p.InterfaceId] == $"{Label(a)}:eth0"));
        Assert.Equal(3, packets.Count(p => names[(int)p.InterfaceId] == $"{Label(b)}:eth0"));
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(WebSocketCloseStatus.NormalClosure, (await a.Finished.WaitAsync(TimeSpan.FromSeconds(15), ct)).ClientCloseStatus);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, (await b.Finished.WaitAsync(TimeSpan.FromSeconds(15), ct)).ClientCloseStatus);
    }

    [Fact(Timeout = 60000)]
    public async Task Capture_NameOnNoHost_FailsNamingIt()
    {
        var (a, b) = await StartAsync(WebAndDb, Only("cache", 4026532003));
        await using var serviceA = a;
        await using var serviceB = b;

        var (code, _, err) = await RunAsync("capture", "web", "ghost", "-w", "-", "--host", a.HostUrl, "--host", b.HostUrl);

        Assert.Equal(1, code);
        Assert.Contains("no container, pod or process named \"ghost\" on any of", err, StringComparison.Ordinal);
        Assert.Empty(a.Captures);
        Assert.Empty(b.Captures);
    }

    [Fact(Timeout = 60000)]
    public async Task Capture_NameOnNoHostWithPartial_CapturesTheRestAndListsIt()
    {
        var (a, b) = await StartAsync(WebAndDb, Only("cache", 4026532003));
        await using var serviceA = a;
        await using var serviceB = b;
        a.PacketsBeforeClose = 3;

        var (code, output, err) = await RunAsync("capture", "web", "ghost", "--partial", "-w", "-", "--host", a.HostUrl, "--host", b.HostUrl);

        Assert.True(code == 0, err);
        Assert.Contains("warning", err, StringComparison.Ordinal);
        var shb = Assert.IsType<SectionHeaderBlock>(TestPcapng.Read(output)[0]);
        Assert.Contains("unresolved-targets:\n    - name: ghost\n", shb.Comment, StringComparison.Ordinal);
        Assert.Equal(3, TestPcapng.CountPackets(output));
        var record = await a.Finished.WaitAsync(TimeSpan.FromSeconds(15), TestContext.Current.CancellationToken);
        Assert.Contains("partial=1", record.Query, StringComparison.Ordinal);
        Assert.Empty(b.Captures);
    }

    [Theory(Timeout = 60000)]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Capture_OneHostFails_ItsInterfaceEndsAndTheOtherGoesOn(bool partial)
    {
        var (a, b) = await StartAsync(Only("web", 4026532001), Only("db", 4026532002));
        await using var serviceA = a;
        await using var serviceB = b;
        a.PacketsBeforeClose = 8;
        b.PacketsBeforeClose = 1;
        b.CloseStatus = WebSocketCloseStatus.InternalServerError;
        b.CloseReason = "target \"db\": capture target is gone";

        string[] args = ["capture", "web", "db", "-w", "-", "--host", a.HostUrl, "--host", b.HostUrl, .. partial ? new[] { "--partial" } : []];
        var (code, output, err) = await RunAsync(args);

        Assert.True(code == (partial ? 0 : 1), err);
        Assert.Contains($"packetflix: {Label(b)}: target \"db\": capture target is gone", err, StringComparison.Ordinal);
        Assert.Equal(9, TestPcapng.CountPackets(output));
        var blocks = TestPcapng.Read(output);
        Assert.Contains(blocks.OfType<InterfaceStatisticsBlock>(), s => s.Statistics.EndTime is not null
            && s.Statistics.Comment == $"stream from {Label(b)} ended: target \"db\": capture target is gone");
    }

    [Fact(Timeout = 60000)]
    public async Task Capture_PartialWithOneHost_Refused()
    {
        await using var service = await FakePacketflixService.StartAsync(TestContext.Current.CancellationToken);
        service.DiscoveryJson = WebAndDb;

        var (code, _, err) = await RunAsync("capture", "web", "--partial", "-w", "-", "--host", service.HostUrl);

        Assert.Equal(1, code);
        Assert.Contains("--partial", err, StringComparison.Ordinal);
        Assert.Empty(service.Captures);
    }
}
