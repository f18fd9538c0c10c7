using System.Diagnostics;
using Packetflix.Discovery.Engines;
using Packetflix.Discovery.Engines.Containerd;
using Packetflix.Discovery.Engines.Docker;
using Packetflix.Linux;
using Packetflix.Tests.Common;
using static Packetflix.Discovery.Tests.Engines.EngineTestHelpers;

namespace Packetflix.Discovery.Tests.Engines;

/// <summary>
/// Engines that misbehave. The "engine" is this test process, presented to discovery as a process named dockerd: its
/// listening sockets are found through /proc/self/net/unix and its own fds like a real engine's.
/// </summary>
public sealed class HostileEngineTests
{
    [Fact(Timeout = 60_000)]
    public async Task GetAsync_SocketAcceptsButNeverAnswers_ReturnsWithinBudget()
    {
        using var dir = new TempDirectory();
        await using var server = FakeUnixServer.Silent(dir.File("docker.sock"));
        await using var discovery = NewDiscovery();
        var ct = TestContext.Current.CancellationToken;
        // Scanned before the clock starts: reading /proc is slow on a loaded machine and not what is timed.
        var processes = PretendEngine("dockerd");

        // The first call waits FirstSyncBudget (2 s) for the new engine; without the budget it would wait for the
        // probe's own timeout (DockerApi.CallTimeout, 10 s). The bound between the two leaves a loaded machine 8 s.
        var stopwatch = Stopwatch.StartNew();
        var first = await discovery.GetAsync(processes, ct);
        Assert.True(stopwatch.Elapsed < DockerApi.CallTimeout, $"first GetAsync took {stopwatch.Elapsed}");
        Assert.Empty(first.Containers);

        // The engine is known now: the second call must not wait again. Any wait takes the whole budget, so staying
        // under it is the distinction, with all of it as margin.
        stopwatch.Restart();
        var second = await discovery.GetAsync(processes, ct);
        Assert.True(stopwatch.Elapsed < EngineDiscovery.FirstSyncBudget, $"second GetAsync took {stopwatch.Elapsed}");
        Assert.Empty(second.Containers);
    }

    [Fact(Timeout = 60_000)]
    public async Task GetAsync_ContainerdSocketNeverAnswers_ReturnsWithinBudget()
    {
        using var dir = new TempDirectory();
        await using var server = FakeUnixServer.Silent(dir.File("containerd.sock"));
        await using var discovery = NewDiscovery();
        var processes = PretendEngine("containerd");

        // FirstSyncBudget (2 s), not the probe's own timeout (ContainerdApi.CallTimeout, 5 s), bounds the call.
        var stopwatch = Stopwatch.StartNew();
        var snapshot = await discovery.GetAsync(processes, TestContext.Current.CancellationToken);
        Assert.True(stopwatch.Elapsed < ContainerdApi.CallTimeout, $"GetAsync took {stopwatch.Elapsed}");
        Assert.Empty(snapshot.Containers);
    }

    [Fact(Timeout = 60_000)]
    public async Task GetAsync_GarbageJson_EngineReportedWithoutContainers()
    {
        using var dir = new TempDirectory();
        await using var server = FakeUnixServer.Http(dir.File("docker.sock"), path => path switch
        {
            "/_ping" => "OK",
            "/version" => """{"Version":"13.0-fake","ApiVersion":"1.41"}""",
            "/info" => "{\"ID\": [[[",
            "/containers/json" => """[{"Id":"abc"},{"Id":42}""",
            _ => "\u0001\u0002 not json at all",
        });
        await using var discovery = NewDiscovery();

        EngineSnapshot snapshot = EngineSnapshot.Empty;
        for (var i = 0; i < 100 && !snapshot.Engines.Any(e => e.Version == "13.0-fake"); i++)
        {
            snapshot = await discovery.GetAsync(PretendEngine("dockerd"), TestContext.Current.CancellationToken);
            await Task.Delay(100, TestContext.Current.CancellationToken);
        }

        var engine = Assert.Single(snapshot.Engines);
        Assert.Equal("docker", engine.Type);
        Assert.Equal($"docker:{Environment.ProcessId}", engine.Id);
        Assert.EndsWith(dir.File("docker.sock"), engine.ApiPath, StringComparison.Ordinal);
        Assert.Empty(snapshot.Containers);
    }

    /// <summary>A process table in which this process is an engine called <paramref name="comm"/>.</summary>
    private static ProcessTable PretendEngine(string comm)
    {
        var self = ProcessTable.Scan().Get(Environment.ProcessId)!;
        return new ProcessTable([self with { Comm = comm }]);
    }
}
