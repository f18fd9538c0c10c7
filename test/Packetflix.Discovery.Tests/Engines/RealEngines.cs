using Packetflix.Tests.Common;

namespace Packetflix.Discovery.Tests.Engines;

/// <summary>
/// Makes sure the real engines run (dockerd, stand-alone containerd, podman system service): when one of their sockets
/// does not answer, runs test/engines.sh once, so a plain <c>dotnet test</c> works as well as ./test.sh.
/// </summary>
public sealed class RealEngines : IAsyncLifetime
{
    public const string DockerSocket = "/var/run/docker.sock";
    public const string ContainerdSocket = "/run/containerd/containerd.sock";
    public const string PodmanSocket = "/run/podman/podman.sock";
    public const string DockerImage = "local/busybox:latest";
    public const string ContainerdImage = "docker.io/local/busybox:latest";
    public const string ContainerdNamespace = "pftest";
    public const string PodmanImage = "localhost/local/busybox:latest";
    public const string Rootfs = "/var/tmp/packetflix-busybox-rootfs";

    /// <summary>The stand-alone containerd's config, written by test/engines.sh (CRI sandbox image, CNI).</summary>
    public const string ContainerdConfig = "/var/tmp/packetflix-containerd.toml";

    private string? _problem;

    public async ValueTask InitializeAsync()
    {
        if (!Privileged.IsRoot())
        {
            _problem = "engine tests need root";
            return;
        }

        if (await AllUpAsync())
        {
            return;
        }

        var script = FindScript();
        if (script is null)
        {
            _problem = "test/engines.sh not found above " + AppContext.BaseDirectory;
            return;
        }

        try
        {
            var result = await Shell.RunAsync("bash", [script], TimeSpan.FromMinutes(8), CancellationToken.None);
            if (result.ExitCode != 0)
            {
                _problem = $"test/engines.sh failed ({result.ExitCode}): {result.StdErr.Trim()} {result.StdOut.Trim()}";
            }
        }
        catch (TimeoutException e)
        {
            _problem = e.Message;
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    /// <summary>Skips (plain run) or fails (PACKETFLIX_REQUIRE_PRIVILEGED=1) when the engines are not there.</summary>
    public void Require()
    {
        Privileged.Require();
        Privileged.RequireThat(_problem is null, _problem ?? "");
    }

    private static async Task<bool> AllUpAsync()
    {
        try
        {
            foreach (var args in (string[][])[["docker", "version"], ["ctr", "--address", ContainerdSocket, "version"],
                ["curl", "-sf", "--max-time", "2", "--unix-socket", PodmanSocket, "http://d/_ping"]])
            {
                var result = await Shell.RunAsync(args[0], args[1..], TimeSpan.FromSeconds(10), CancellationToken.None);
                if (result.ExitCode != 0)
                {
                    return false;
                }
            }

            return Directory.Exists(Rootfs);
        }
        catch (Exception e) when (e is TimeoutException or System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return false;
        }
    }

    private static string? FindScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "test", "engines.sh");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}
