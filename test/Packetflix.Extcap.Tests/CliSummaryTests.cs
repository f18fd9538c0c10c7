using Packetflix.Core.Pcapng;
using Packetflix.Extcap.Client;
using Packetflix.Tests.Common;

namespace Packetflix.Extcap.Tests;

/// <summary>The CLI's final summary on stderr (always, like tcpdump's), and a clean stop by SIGINT, SIGTERM or SIGHUP
/// even when started in the background of a non-interactive script (which inherits SIGINT ignored).</summary>
public sealed class CliSummaryTests
{
    private const string Discovery = """
        {"containers":[{"name":"web","type":"docker","netns":4026532001,"network-interfaces":["eth0"],"pid":10,"starttime":20,"prefix":""}]}
        """;

    private static readonly InterfaceStatistics Final = new()
    {
        StartTime = 1,
        EndTime = 2,
        InterfaceReceived = 120,
        OsDropped = 7,
        InterfaceDropped = 1,
        UserDelivered = 10,
        Comment = "packetflix dropped 5 packets because the client did not keep up; packetflix dropped 2 buffered packets at session end",
    };

    private static async Task<FakePacketflixService> ServiceAsync(int? packets)
    {
        var service = await FakePacketflixService.StartAsync(TestContext.Current.CancellationToken);
        service.DiscoveryJson = Discovery;
        service.FinalStatistics = Final;
        service.PacketsBeforeClose = packets;
        return service;
    }

    [Fact(Timeout = 60000)]
    public async Task Capture_ServerEnds_SummaryFromFinalStatisticsOnStderr()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var service = await ServiceAsync(packets: 4);
        using var temp = new TempDirectory();
        var file = temp.File("s.pcapng");
        var result = await Shell.RunAsync(ExtcapBinary.Path, ["capture", "web", "-w", file, "--host", service.HostUrl],
            TimeSpan.FromSeconds(30), ct);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("4 packets captured, 8 dropped by the kernel, 7 dropped by packetflix", result.StdErr, StringComparison.Ordinal);
        var blocks = TestPcapng.Read(await File.ReadAllBytesAsync(file, ct));
        Assert.Equal(4, blocks.Count(b => b is EnhancedPacketBlock));
        Assert.IsType<InterfaceStatisticsBlock>(blocks[^1]);
    }

    [Fact(Timeout = 60000)]
    public async Task Capture_CountReached_FinalStatisticsAfterStopCountedAndWritten()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var service = await ServiceAsync(packets: null);
        using var temp = new TempDirectory();
        var file = temp.File("c.pcapng");
        var result = await Shell.RunAsync(ExtcapBinary.Path, ["capture", "web", "-c", "3", "-w", file, "--host", service.HostUrl],
            TimeSpan.FromSeconds(30), ct);
        Assert.True(result.ExitCode == 0, result.StdErr);
        Assert.Contains("3 packets captured, 8 dropped by the kernel, 7 dropped by packetflix", result.StdErr, StringComparison.Ordinal);
        Assert.Contains("7 more packets arrived after the stop and were not written", result.StdErr, StringComparison.Ordinal);
        var blocks = TestPcapng.Read(await File.ReadAllBytesAsync(file, ct));
        Assert.Equal(3, blocks.Count(b => b is EnhancedPacketBlock));
        Assert.Equal(7UL, Assert.IsType<InterfaceStatisticsBlock>(blocks[^1]).Statistics.OsDropped);
    }

    [Theory(Timeout = 240000)]
    [InlineData("INT")]
    [InlineData("TERM")]
    [InlineData("HUP")]
    public async Task Capture_BackgroundOfScriptSignalled_StopsWithValidFileAndSummary(string signal)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var service = await ServiceAsync(packets: null);
        using var temp = new TempDirectory();
        var file = temp.File("b.pcapng");
        // A non-interactive bash starts background jobs with SIGINT ignored (POSIX Shell Command Language §2.11), as a
        // script does. The loop waits for the first packet's IPv4 header in the file (no fixed sleep), with its own deadline.
        var script = $$"""
            '{{ExtcapBinary.Path}}' capture web -w '{{file}}' --host '{{service.HostUrl}}' &
            pid=$!
            deadline=$((SECONDS + 150))
            until LC_ALL=C grep -qaP '\x08\x00\x45\x00\x00\x2e' '{{file}}' 2>/dev/null; do
              [ $SECONDS -ge $deadline ] && { echo "test: no packet in the file after 150 s" >&2; break; }
              sleep 0.1
            done
            echo "test: sending SIG{{signal}} after ${SECONDS} s" >&2
            kill -{{signal}} $pid
            wait $pid
            """;
        // SIGHUP ignored on entry (nohup, or a CI runner started under it) stays ignored, as tcpdump keeps it and as
        // nohup(1) promises; so the script starts with SIGHUP at its default, whatever this test process inherited.
        var result = await Shell.RunAsync("env", ["--default-signal=HUP", "bash", "-c", script], TimeSpan.FromSeconds(200), ct);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StdErr}");
        Assert.Matches(@"\d+ packets captured, 8 dropped by the kernel, 7 dropped by packetflix", result.StdErr);
        var blocks = TestPcapng.Read(await File.ReadAllBytesAsync(file, ct));
        Assert.IsType<SectionHeaderBlock>(blocks[0]);
        Assert.Contains(blocks, b => b is EnhancedPacketBlock);
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData("interface closed: gone", 0)]
    [InlineData("packetflix dropped 12 packets because the client did not keep up", 12)]
    [InlineData("packetflix dropped 5 packets because the client did not keep up; packetflix dropped 2 buffered packets at session end; interface closed: x", 7)]
    public void ParseOurDrops_Comment_SumsOurItems(string? comment, long expected) =>
        Assert.Equal(expected, CaptureTally.ParseOurDrops(comment));
}
