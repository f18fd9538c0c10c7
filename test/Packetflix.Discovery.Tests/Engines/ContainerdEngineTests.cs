using System.Globalization;
using Packetflix.Linux;
using Packetflix.Tests.Common;
using static Packetflix.Discovery.Tests.Engines.EngineTestHelpers;

namespace Packetflix.Discovery.Tests.Engines;

[Collection(RealEnginesCollection.Name)]
public sealed class ContainerdEngineTests(RealEngines engines)
{
    private const string Ns = RealEngines.ContainerdNamespace;

    [Fact(Timeout = 120_000)]
    public async Task GetAsync_CtrContainers_NamespacedNameHostPidAndNerdctlName()
    {
        engines.Require();
        var plain = UniqueName("ctr");
        var nerdctl = UniqueName("nctl");
        try
        {
            await RunAsync("ctr", "-n", Ns, "run", "-d", "--label", "pf.test=ctr", RealEngines.ContainerdImage, plain, "sleep", "1000");
            await RunAsync("ctr", "-n", Ns, "run", "-d", "--label", "nerdctl/name=" + nerdctl + "-nice", RealEngines.ContainerdImage,
                nerdctl, "sleep", "1000");
            var pid = await TaskPidAsync(plain);

            await using var discovery = NewDiscovery();
            var snapshot = await WaitForAsync(discovery,
                s => s.Containers.Any(c => c.Name == $"{Ns}/{plain}") && s.Containers.Any(c => c.Name == nerdctl + "-nice"),
                TimeSpan.FromSeconds(30), "ctr containers");

            var container = Assert.Single(snapshot.Containers, c => c.Name == $"{Ns}/{plain}");
            Assert.Equal(plain, container.Id);
            Assert.Equal("containerd", container.Type);
            Assert.Equal(pid, container.Pid);
            Assert.Equal("running", container.State);
            Assert.Equal("ctr", container.Labels["pf.test"]);
            Assert.Equal("", container.Prefix);
            var engine = Assert.Single(snapshot.Engines, e => e.Id == container.EngineId);
            Assert.Equal("containerd", engine.Type);
            Assert.EndsWith("/run/containerd/containerd.sock", engine.ApiPath, StringComparison.Ordinal);
            // Docker's own containers live in containerd namespace "moby" of its managed containerd: never reported twice.
            Assert.DoesNotContain(snapshot.Containers, c => c.Type == "containerd" && c.Name.StartsWith("moby/", StringComparison.Ordinal));

            await RunAsync("ctr", "-n", Ns, "tasks", "pause", plain);
            await WaitForAsync(discovery, s => s.Containers.Any(c => c.Name == $"{Ns}/{plain}" && c.State == "paused"),
                TimeSpan.FromSeconds(10), "paused ctr task");
            await RunAsync("ctr", "-n", Ns, "tasks", "resume", plain);
            await RunAsync("ctr", "-n", Ns, "tasks", "kill", "-s", "SIGKILL", nerdctl);
            await WaitForAsync(discovery,
                s => s.Containers.Any(c => c.Name == $"{Ns}/{plain}" && c.State == "running") && s.Containers.All(c => c.Id != nerdctl),
                TimeSpan.FromSeconds(10), "resumed task, killed task gone");
        }
        finally
        {
            await RemoveAsync(plain);
            await RemoveAsync(nerdctl);
        }
    }

    [Fact(Timeout = 600_000)]
    public async Task GetAsync_ContainerdRestarted_ContainersDisappearAndReappear()
    {
        engines.Require();
        var name = UniqueName("rst");
        // Tests in other assemblies that need the stand-alone containerd up throughout (CRI pods) hold this lock shared.
        using var restart = await MachineLock.AcquireAsync(MachineLock.StandaloneContainerd, exclusive: true, TimeSpan.FromMinutes(8),
            TestContext.Current.CancellationToken);
        int? stopped = null;
        var restarted = false;
        try
        {
            await RunAsync("ctr", "-n", Ns, "run", "-d", RealEngines.ContainerdImage, name, "sleep", "1000");
            var pid = await TaskPidAsync(name);
            await using var discovery = NewDiscovery();
            await WaitForAsync(discovery, s => s.Containers.Any(c => c.Id == name && c.Pid == pid), TimeSpan.FromSeconds(30), "container");

            var standalone = StandaloneContainerdPid();
            await RunAsync("kill", "-TERM", standalone.ToString(CultureInfo.InvariantCulture));
            stopped = standalone;
            var gone = await WaitForAsync(discovery, s => s.Containers.All(c => c.Id != name), TimeSpan.FromSeconds(20), "engine gone");
            Assert.DoesNotContain(gone.Engines, e => e.Pid == standalone);

            // The shim keeps the task alive; a new containerd process finds it again.
            await StartContainerdAsync(TestContext.Current.CancellationToken);
            restarted = true;
            var back = await WaitForAsync(discovery, s => s.Containers.Any(c => c.Id == name && c.Pid == pid), TimeSpan.FromSeconds(30),
                "container back after restart");
            Assert.Contains(back.Engines, e => e.Type == "containerd" && e.Pid != standalone && e.Prefix.Length == 0);
        }
        finally
        {
            // Other tests (and other assemblies, once the lock is released) need the stand-alone containerd: whatever
            // failed above, it answers again before the lock goes; the cleanup below needs it too.
            if (stopped is { } old)
            {
                await RestoreContainerdAsync(old, start: !restarted);
            }

            await RemoveAsync(name);
        }
    }

    internal static async Task<int> TaskPidAsync(string id, string ns = Ns, string address = RealEngines.ContainerdSocket)
    {
        var output = (await RunAsync("ctr", "--address", address, "-n", ns, "tasks", "ls")).StdOut;
        var line = output.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Single(f => f.Length > 1 && f[0] == id);
        return int.Parse(line[1], CultureInfo.InvariantCulture);
    }

    /// <summary>The stand-alone containerd (started by test/engines.sh), not Docker's managed one (its config is under
    /// /var/run/docker).</summary>
    private static int StandaloneContainerdPid()
    {
        var table = ProcessTable.Scan();
        return table.ByPid.Values.Single(p => p.Comm == "containerd" && p.PPid == 1 && p.NsPids.Count == 1
            && !File.ReadAllText($"/proc/{p.Pid}/cmdline").Contains("/var/run/docker/", StringComparison.Ordinal)).Pid;
    }

    /// <summary>Starts the stand-alone containerd as test/engines.sh does (same config and log), detached.</summary>
    private static Task<ShellResult> StartContainerdAsync(CancellationToken ct) =>
        Shell.RunCheckedAsync("bash", ["-c", $"nohup /usr/bin/containerd --config {RealEngines.ContainerdConfig} >>/tmp/containerd.log 2>&1 </dev/null &"],
            CliTimeout, ct);

    /// <summary>After <paramref name="old"/> was stopped: waits for it to be gone (a second containerd on the same socket
    /// and state would fail), starts a new one unless the test already did (<paramref name="start"/>; two starting at once
    /// would collide), and waits until it answers. Runs also after a timeout, so it uses its own deadlines rather than the
    /// test's token.</summary>
    private static async Task RestoreContainerdAsync(int old, bool start)
    {
        var deadline = TimeSpan.FromSeconds(60);
        if (!await Eventually.TryWaitUntilAsync(() => !Directory.Exists($"/proc/{old}"), deadline, CancellationToken.None))
        {
            await Shell.RunAsync("kill", ["-KILL", old.ToString(CultureInfo.InvariantCulture)], CliTimeout, CancellationToken.None);
            await Eventually.WaitUntilAsync(() => !Directory.Exists($"/proc/{old}"), deadline, CancellationToken.None, $"containerd {old} gone");
        }

        if (start)
        {
            await StartContainerdAsync(CancellationToken.None);
        }

        await Eventually.WaitUntilAsync(ContainerdAnswersAsync, deadline, CancellationToken.None, "the stand-alone containerd answering again");
    }

    private static async Task<bool> ContainerdAnswersAsync(CancellationToken ct)
    {
        try
        {
            return (await Shell.RunAsync("ctr", ["--address", RealEngines.ContainerdSocket, "version"], TimeSpan.FromSeconds(10), ct)).ExitCode == 0;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private static async Task RemoveAsync(string id)
    {
        await CleanupAsync("ctr", "-n", Ns, "tasks", "kill", "-s", "SIGKILL", id);
        await CleanupAsync("ctr", "-n", Ns, "tasks", "delete", "-f", id);
        await CleanupAsync("ctr", "-n", Ns, "containers", "rm", id);
    }
}
