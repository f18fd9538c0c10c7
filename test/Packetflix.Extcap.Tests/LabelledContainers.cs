using Packetflix.Tests.Common;

namespace Packetflix.Extcap.Tests;

/// <summary>
/// Real Docker containers with labels, and a dockershim-style Kubernetes pod (a sandbox marked
/// <c>io.kubernetes.docker.type=podsandbox</c> and a container sharing its netns, both with the pod labels, which
/// discovery folds into one pod target), seen by the real service's embedded discovery. Unique names and label
/// values; everything is removed at the end.
/// </summary>
public sealed class LabelledContainers : IAsyncLifetime
{
    /// <summary>Imported from busybox-static by test/engines.sh.</summary>
    private const string Image = "local/busybox:latest";

    private readonly List<string> _created = [];
    private string? _problem;

    public string Id { get; } = Guid.NewGuid().ToString("N")[..8];

    public string Web => $"pfl-{Id}-web";

    public string Db => $"pfl-{Id}-db";

    public string PodNamespace => $"pf{Id}";

    public string PodName => $"shop{Id}";

    public string Pod => $"{PodNamespace}/{PodName}";

    /// <summary>The kubelet's dockershim name of the pod's container (k8s_&lt;container&gt;_&lt;pod&gt;_&lt;ns&gt;_&lt;uid&gt;_&lt;n&gt;).</summary>
    public string PodContainer => $"k8s_c_{PodName}_{PodNamespace}_uid{Id}_0";

    public string DbAddress { get; private set; } = string.Empty;

    internal RealServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!Privileged.IsRoot())
        {
            _problem = "needs root";
            return;
        }

        var ct = CancellationToken.None;
        var version = await Shell.RunAsync("sh", ["-c", "docker version"], TimeSpan.FromSeconds(20), ct);
        if (version.ExitCode != 0)
        {
            _problem = "dockerd is not running (test.sh starts it through test/engines.sh)";
            return;
        }

        var noV6 = new[] { "--sysctl", "net.ipv6.conf.all.disable_ipv6=1" };
        await RunAsync(Web, ["--label", $"pftest={Id}", "--label", "tier=web", .. noV6]);
        await RunAsync(Db, ["--label", $"pftest={Id}", "--label", "tier=db", .. noV6]);
        var sandbox = $"k8s_POD_{PodName}_{PodNamespace}_uid{Id}_0";
        string[] podLabels = ["--label", $"io.kubernetes.pod.namespace={PodNamespace}", "--label", $"io.kubernetes.pod.name={PodName}"];
        await RunAsync(sandbox, [.. podLabels, "--label", "io.kubernetes.docker.type=podsandbox", "--label", $"app=shop-{Id}", .. noV6]);
        await RunAsync(PodContainer, [.. podLabels, "--label", "io.kubernetes.container.name=c", "--network", "container:" + sandbox]);
        DbAddress = (await DockerAsync(["inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", Db])).Trim();
        Server = await RealServer.StartEmbeddedAsync(ct);
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        if (_created.Count > 0)
        {
            await Shell.RunAsync("docker", ["rm", "-f", .. _created], TimeSpan.FromSeconds(90), CancellationToken.None);
        }
    }

    /// <summary>Skips (plain run) or fails (PACKETFLIX_REQUIRE_PRIVILEGED=1) without root and dockerd.</summary>
    public void Require()
    {
        Privileged.Require();
        Privileged.RequireTool("tshark");
        Privileged.RequireThat(_problem is null, _problem ?? string.Empty);
    }

    /// <summary>Pings <see cref="Db"/> from <see cref="Web"/> until cancelled.</summary>
    public async Task PingUntilCancelledAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var failed = true;
            try
            {
                failed = (await Shell.RunAsync("docker", ["exec", Web, "ping", "-c", "5", "-i", "0.2", DbAddress], TimeSpan.FromSeconds(30),
                    cancellationToken)).ExitCode != 0;
            }
            catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
            {
            }

            if (failed)
            {
                // Retried, after a pause so that an exec that fails at once does not spawn processes in a busy loop.
                await Task.Delay(200, cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }

    private async Task RunAsync(string name, string[] options)
    {
        _created.Add(name);
        await DockerAsync(["run", "-d", "--name", name, .. options, Image, "sleep", "1000"]);
    }

    private static async Task<string> DockerAsync(string[] args) =>
        (await Shell.RunCheckedAsync("docker", args, TimeSpan.FromSeconds(90), CancellationToken.None)).StdOut;
}
