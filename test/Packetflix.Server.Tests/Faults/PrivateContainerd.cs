using System.Diagnostics;
using System.Globalization;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Faults;

/// <summary>
/// A containerd of the test's own (own socket, root and state directory, CRI plugin off), so a test can kill and
/// restart an engine daemon without touching the shared engines other tests use. It runs with <c>--config</c>, which
/// keeps it apart from the stand-alone containerd the discovery tests look for. Disposing kills its containers and
/// then the daemon, and removes the directory.
/// </summary>
internal sealed class PrivateContainerd : IAsyncDisposable
{
    /// <summary>The plain busybox root file system test/engines.sh builds.</summary>
    private const string BusyboxRootfs = "/var/tmp/packetflix-busybox-rootfs";

    private readonly TempDirectory _dir = new();
    private readonly List<string> _containers = [];
    private Process? _daemon;

    private PrivateContainerd()
    {
    }

    public const string Namespace = "pffault";

    public string Socket => _dir.File("containerd.sock");

    /// <summary>The running daemon's pid, or 0 while it is stopped.</summary>
    public int Pid => _daemon is { HasExited: false } daemon ? daemon.Id : 0;

    public static async Task<PrivateContainerd> StartAsync(CancellationToken ct)
    {
        Privileged.RequireTool("containerd");
        Privileged.RequireTool("ctr");
        Privileged.RequireThat(File.Exists(Path.Combine(BusyboxRootfs, "bin/busybox")),
            $"{BusyboxRootfs} is missing (test.sh builds it through test/engines.sh)");
        var engine = new PrivateContainerd();
        try
        {
            var d = engine._dir.Path;
            await File.WriteAllTextAsync(engine._dir.File("config.toml"), $"""
                version = 2
                root = "{d}/root"
                state = "{d}/state"
                disabled_plugins = ["io.containerd.grpc.v1.cri"]
                [grpc]
                  address = "{d}/containerd.sock"
                [ttrpc]
                  address = "{d}/containerd.sock.ttrpc"
                [debug]
                  address = ""
                [metrics]
                  address = ""
                """, ct);
            await engine.StartDaemonAsync(ct);
            return engine;
        }
        catch
        {
            await engine.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the daemon (again) and waits until it answers.</summary>
    public async Task StartDaemonAsync(CancellationToken ct)
    {
        var start = new ProcessStartInfo("bash")
        {
            UseShellExecute = false,
            ArgumentList = { "-c", $"exec containerd --config {_dir.File("config.toml")} >>{_dir.File("containerd.log")} 2>&1 </dev/null" },
        };
        _daemon?.Dispose();
        _daemon = Process.Start(start) ?? throw new InvalidOperationException("cannot start containerd");
        await Eventually.WaitUntilAsync(async c => (await CtrAsync(["version"], c)).ExitCode == 0, TimeSpan.FromSeconds(90), ct,
            "the private containerd answering");
    }

    /// <summary>Kills the daemon (SIGKILL, as a crash); its containers' shims keep them running.</summary>
    public async Task KillDaemonAsync()
    {
        if (_daemon is { HasExited: false } daemon)
        {
            daemon.Kill();
            await daemon.WaitForExitAsync();
        }
    }

    /// <summary>Runs a container of its own netns (lo only, brought up) from the busybox root file system; returns its
    /// task's host pid.</summary>
    public async Task<int> RunAsync(string id, CancellationToken ct)
    {
        var rootfs = _dir.File("rootfs-" + id);
        await Shell.RunCheckedAsync("cp", ["-a", BusyboxRootfs, rootfs], TimeSpan.FromSeconds(60), ct);
        _containers.Add(id);
        var run = await CtrAsync(["run", "-d", "--rootfs", rootfs, id, "/bin/sleep", "1000"], ct);
        Assert.True(run.ExitCode == 0, $"ctr run: {run.StdErr}");
        var tasks = (await CtrAsync(["tasks", "ls"], ct)).StdOut;
        var pid = int.Parse(tasks.Split('\n').Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Single(f => f.Length > 1 && f[0] == id)[1], CultureInfo.InvariantCulture);
        // A new network namespace starts with lo down (network_namespaces(7)).
        await Shell.RunCheckedAsync("nsenter", ["-t", $"{pid}", "-n", "ip", "link", "set", "lo", "up"], TimeSpan.FromSeconds(20), ct);
        return pid;
    }

    private Task<ShellResult> CtrAsync(IEnumerable<string> args, CancellationToken ct) =>
        Shell.RunAsync("ctr", ["--address", Socket, "-n", Namespace, .. args], TimeSpan.FromSeconds(60), ct);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_containers.Count > 0)
            {
                // Containers are removed through the daemon, so it must run; a test may have left it killed.
                if (Pid == 0)
                {
                    await StartDaemonAsync(CancellationToken.None);
                }

                foreach (var id in _containers)
                {
                    await CtrAsync(["tasks", "kill", "-s", "SIGKILL", id], CancellationToken.None);
                    await Eventually.TryWaitUntilAsync(async c => (await CtrAsync(["tasks", "delete", "-f", id], c)).ExitCode == 0
                        || !(await CtrAsync(["tasks", "ls"], c)).StdOut.Contains(id, StringComparison.Ordinal),
                        TimeSpan.FromSeconds(60), CancellationToken.None);
                    await CtrAsync(["containers", "rm", id], CancellationToken.None);
                }
            }
        }
        finally
        {
            await KillDaemonAsync();
            _daemon?.Dispose();
            _dir.Dispose();
        }
    }
}
