using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Deployment;

/// <summary>
/// The single-node test cluster (Kubernetes 1.20, kubelet on the test dockerd) that the shared k8s scripts start, and
/// kubectl against it as its admin. Started on demand; stopped only by whoever started it, so a cluster that was
/// already running (a developer's, another test's) is left as it was.
/// </summary>
internal static class TestCluster
{
    private static readonly TimeSpan KubectlTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Where up.sh keeps its state (its PACKETFLIX_K8S_STATE, same default).</summary>
    public static string State { get; } = Environment.GetEnvironmentVariable("PACKETFLIX_K8S_STATE") is { Length: > 0 } state
        ? state
        : "/var/tmp/packetflix-k8s";

    /// <summary>The directory with up.sh and down.sh: $PACKETFLIX_K8S_DIR, else shared/k8s beside the clone.</summary>
    public static string? ScriptDirectory { get; } = FindScripts();

    public static string Kubectl => Path.Combine(State, "bin", "kubectl");

    public static string AdminKubeconfig => Path.Combine(State, "admin.kubeconfig");

    /// <summary>True when the API server answers /readyz for the admin.</summary>
    public static async Task<bool> IsRunningAsync(CancellationToken ct)
    {
        if (!File.Exists(Kubectl) || !File.Exists(AdminKubeconfig))
        {
            return false;
        }

        var result = await Shell.RunAsync(Kubectl, ["--kubeconfig", AdminKubeconfig, "get", "--raw", "/readyz"], KubectlTimeout, ct);
        return result.ExitCode == 0;
    }

    /// <summary>Starts the cluster unless it runs; true when this call started it (and so must stop it).</summary>
    public static async Task<bool> EnsureRunningAsync(CancellationToken ct)
    {
        if (await IsRunningAsync(ct))
        {
            return false;
        }

        // up.sh waits for the node to be Ready itself (~30 s on a quiet machine, minutes on a busy one).
        await Shell.RunCheckedAsync("bash", [Path.Combine(ScriptDirectory!, "up.sh")], TimeSpan.FromMinutes(8), ct);
        return true;
    }

    public static Task StopAsync() =>
        Shell.RunAsync("bash", [Path.Combine(ScriptDirectory!, "down.sh")], TimeSpan.FromMinutes(5), CancellationToken.None);

    /// <summary>kubectl as the cluster admin; throws with its stderr when it fails.</summary>
    public static async Task<string> RunAsync(string[] args, CancellationToken ct, byte[]? stdin = null) =>
        (await Shell.RunCheckedAsync(Kubectl, ["--kubeconfig", AdminKubeconfig, .. args], KubectlTimeout, ct, stdin)).StdOut;

    /// <summary>kubectl as the cluster admin, whatever its exit code.</summary>
    public static Task<ShellResult> TryRunAsync(string[] args, CancellationToken ct) =>
        Shell.RunAsync(Kubectl, ["--kubeconfig", AdminKubeconfig, .. args], KubectlTimeout, ct);

    private static string? FindScripts()
    {
        string?[] candidates =
        [
            Environment.GetEnvironmentVariable("PACKETFLIX_K8S_DIR"),
            Path.GetFullPath(Path.Combine(DeploymentArtifacts.RepoRoot, "..", "shared", "k8s")),
            "/work/shared/k8s",
        ];
        return candidates.FirstOrDefault(d => !string.IsNullOrEmpty(d) && File.Exists(Path.Combine(d, "up.sh")));
    }
}
