using Packetflix.Linux;
using static Packetflix.Discovery.Tests.Engines.EngineTestHelpers;

namespace Packetflix.Discovery.Tests.Engines;

[Collection(RealEnginesCollection.Name)]
public sealed class DockerEngineTests(RealEngines engines)
{
    private const string DockerTimeout = "60";

    [Fact(Timeout = 120_000)]
    public async Task GetAsync_DockerContainers_ReportedWithNamePidLabelsState()
    {
        engines.Require();
        var network = UniqueName("net");
        var a = UniqueName("a");
        var b = UniqueName("b");
        var isolated = UniqueName("none");
        var stopped = UniqueName("stopped");
        try
        {
            await RunAsync("docker", "network", "create", network);
            await RunAsync("docker", "run", "-d", "--name", a, "--network", network, "--label", "pf.test=alpha", RealEngines.DockerImage,
                "sleep", "1000");
            await RunAsync("docker", "run", "-d", "--name", b, "--network", network, RealEngines.DockerImage, "sleep", "1000");
            await RunAsync("docker", "run", "-d", "--name", isolated, "--network", "none", RealEngines.DockerImage, "sleep", "1000");
            await RunAsync("docker", "create", "--name", stopped, RealEngines.DockerImage, "sleep", "1000");
            var pidA = int.Parse((await RunAsync("docker", "inspect", "-f", "{{.State.Pid}}", a)).StdOut.Trim(),
                System.Globalization.CultureInfo.InvariantCulture);
            var idA = (await RunAsync("docker", "inspect", "-f", "{{.Id}}", a)).StdOut.Trim();

            await using var discovery = NewDiscovery();
            var snapshot = await WaitForAsync(discovery,
                s => new[] { a, b, isolated }.All(n => s.Containers.Any(c => c.Name == n)), TimeSpan.FromSeconds(30), "docker containers");

            var engine = Assert.Single(snapshot.Engines, e => e.Type == "docker");
            Assert.Equal("", engine.Prefix);
            Assert.StartsWith($"/proc/{engine.Pid}/root/", engine.ApiPath, StringComparison.Ordinal);
            Assert.Equal("dockerd", ProcessTable.Scan().Get(engine.Pid)?.Comm);
            Assert.False(string.IsNullOrEmpty(engine.Version));

            var alpha = Assert.Single(snapshot.Containers, c => c.Name == a);
            Assert.Equal(idA, alpha.Id);
            Assert.Equal("docker", alpha.Type);
            Assert.Equal(pidA, alpha.Pid);
            Assert.Equal("running", alpha.State);
            Assert.Equal("alpha", alpha.Labels["pf.test"]);
            Assert.Equal("", alpha.Prefix);
            Assert.Equal(engine.Id, alpha.EngineId);
            Assert.Null(alpha.PodName);
            Assert.DoesNotContain(snapshot.Containers, c => c.Name == stopped);
            foreach (var container in snapshot.Containers.Where(c => c.Name == b || c.Name == isolated))
            {
                Assert.Equal("sleep", ProcessTable.Scan().Get(container.Pid)?.Comm);
            }
        }
        finally
        {
            await CleanupAsync("docker", "rm", "-f", a, b, isolated, stopped);
            await CleanupAsync("docker", "network", "rm", network);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task GetAsync_PauseUnpauseStop_FollowsEvents()
    {
        engines.Require();
        var name = UniqueName("pause");
        try
        {
            await RunAsync("docker", "run", "-d", "--name", name, RealEngines.DockerImage, "sleep", "1000");
            await using var discovery = NewDiscovery();
            await WaitForAsync(discovery, s => s.Containers.Any(c => c.Name == name && c.State == "running"),
                TimeSpan.FromSeconds(30), "running container");

            await RunAsync("docker", "pause", name);
            await WaitForAsync(discovery, s => s.Containers.Any(c => c.Name == name && c.State == "paused"),
                TimeSpan.FromSeconds(10), "paused state");

            await RunAsync("docker", "unpause", name);
            await WaitForAsync(discovery, s => s.Containers.Any(c => c.Name == name && c.State == "running"),
                TimeSpan.FromSeconds(10), "running again");

            await RunAsync("docker", "stop", "-t", "0", name);
            await WaitForAsync(discovery, s => s.Containers.All(c => c.Name != name), TimeSpan.FromSeconds(10), "stopped container gone");
        }
        finally
        {
            await CleanupAsync("docker", "rm", "-f", name);
        }
    }
}
