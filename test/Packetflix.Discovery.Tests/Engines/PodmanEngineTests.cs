using System.Globalization;
using static Packetflix.Discovery.Tests.Engines.EngineTestHelpers;

namespace Packetflix.Discovery.Tests.Engines;

[Collection(RealEnginesCollection.Name)]
public sealed class PodmanEngineTests(RealEngines engines)
{
    [Fact(Timeout = 120_000)]
    public async Task GetAsync_PodmanContainer_ReportedAsPodman()
    {
        engines.Require();
        var name = UniqueName("pod");
        try
        {
            // No CAP_SYS_RESOURCE here: podman must not raise rlimits (docs/protocol.md §18.7).
            await RunAsync("podman", "run", "-d", "--ulimit", "nofile=1024:1024", "--ulimit", "nproc=4096:4096", "--name", name,
                "--label", "pf.test=podman", RealEngines.PodmanImage, "sleep", "1000");
            var pid = int.Parse((await RunAsync("podman", "inspect", "-f", "{{.State.Pid}}", name)).StdOut.Trim(), CultureInfo.InvariantCulture);

            await using var discovery = NewDiscovery();
            var snapshot = await WaitForAsync(discovery, s => s.Containers.Any(c => c.Name == name), TimeSpan.FromSeconds(30), "podman container");

            var container = Assert.Single(snapshot.Containers, c => c.Name == name);
            Assert.Equal("podman", container.Type);
            Assert.Equal(pid, container.Pid);
            Assert.Equal("podman", container.Labels["pf.test"]);
            Assert.Equal("running", container.State);
            var engine = Assert.Single(snapshot.Engines, e => e.Id == container.EngineId);
            Assert.Equal("podman", engine.Type);
            Assert.EndsWith("/run/podman/podman.sock", engine.ApiPath, StringComparison.Ordinal);
            Assert.DoesNotContain(snapshot.Containers, c => c.Name == name && c.Type == "docker");
        }
        finally
        {
            await CleanupAsync("podman", "rm", "-f", "-t", "0", name);
        }
    }
}
