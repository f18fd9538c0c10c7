using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Deployment;

/// <summary>
/// deploy/kubernetes on a real single-node cluster (Kubernetes 1.20, kubelet on the test dockerd): the DaemonSet pod
/// becomes Ready as user 65534 with the capability list, and only through kubectl port-forward, gated by RBAC,
/// /readyz, /mobyshark and a capture of a pod's pings work.
/// </summary>
public sealed class KubernetesTests
{
    private const string UpScript = "/work/shared/k8s/up.sh";
    private const string DownScript = "/work/shared/k8s/down.sh";
    private const string State = "/var/tmp/packetflix-k8s";
    private static readonly TimeSpan KubectlTimeout = TimeSpan.FromMinutes(2);

    private static string Kubectl => Path.Combine(State, "kubectl");

    [Fact(Timeout = 1_800_000)]
    public async Task DaemonSet_RealCluster_ReadyNonRootPortForwardGatedByRbac()
    {
        Privileged.Require();
        Privileged.RequireThat(File.Exists(UpScript), $"{UpScript} (the test cluster) is missing");
        var ct = TestContext.Current.CancellationToken;
        var image = await DeploymentArtifacts.ImageAsync();
        using var work = new TempDirectory();
        try
        {
            await Shell.RunCheckedAsync("bash", [UpScript], TimeSpan.FromMinutes(8), ct);
            var manifests = (await Run(["kustomize", Path.Combine(DeploymentArtifacts.RepoRoot, "deploy/kubernetes")], ct))
                .Replace("image: packetflix:local", $"image: {image}", StringComparison.Ordinal)
                .Replace("imagePullPolicy: IfNotPresent", "imagePullPolicy: Never", StringComparison.Ordinal);
            // Valid for the API server first (schema and admission), then for real.
            await Run(["apply", "--dry-run=server", "-f", "-"], ct, Encoding.UTF8.GetBytes(manifests));
            await Run(["apply", "-f", "-"], ct, Encoding.UTF8.GetBytes(manifests));
            await Run(["apply", "-f", "-"], ct, Encoding.UTF8.GetBytes(TestObjects));
            await Run(["-n", "packetflix", "rollout", "status", "daemonset/packetflix", "--timeout=240s"], ct);
            await Run(["-n", "default", "wait", "--for=condition=Ready", "pod/pft-target", "pod/pft-pinger", "--timeout=240s"], ct);
            await Run(["-n", "packetflix", "wait", "--for=condition=Ready", "pod", "-l", "app.kubernetes.io/name=packetflix", "--timeout=240s"], ct);
            var pod = (await Run(["-n", "packetflix", "get", "pods", "-o", "name"], ct)).Trim();
            var targetIp = (await Run(["-n", "default", "get", "pod", "pft-target", "-o", "jsonpath={.status.podIP}"], ct)).Trim();
            await Run(["-n", "default", "exec", "pft-pinger", "--", "sh", "-c", $"ping -c 600 -i 0.2 {targetIp} >/dev/null 2>&1 &"], ct);

            // The pod as the kernel sees it: user 65534, the capabilities in its effective set.
            var container = (await Shell.RunCheckedAsync("docker", ["ps", "-q", "--filter", "name=k8s_packetflix_packetflix"], KubectlTimeout, ct)).StdOut.Trim();
            var pid = (await Shell.RunCheckedAsync("docker", ["inspect", "-f", "{{.State.Pid}}", container], KubectlTimeout, ct)).StdOut.Trim();
            var status = await File.ReadAllTextAsync($"/proc/{pid}/status", ct);
            Assert.Matches(@"Uid:\s+65534\s+65534", status);
            Assert.Empty(Hosting.CapabilityCheck.Missing(status, "CapEff"));

            // RBAC: the capture Role's account may port-forward, an account without it may not.
            var allowed = await KubeconfigForAsync(work, "pft-capture", ct);
            var denied = await KubeconfigForAsync(work, "pft-nobody", ct);
            var port = DeployedService.FreeLoopbackPort();
            using (var forward = StartPortForward(denied, pod, port))
            {
                var stderr = forward.StandardError.ReadToEndAsync(ct);
                await forward.WaitForExitAsync(ct).WaitAsync(KubectlTimeout, ct);
                Assert.NotEqual(0, forward.ExitCode);
                Assert.Contains("forbidden", await stderr, StringComparison.OrdinalIgnoreCase);
            }

            using var allowedForward = StartPortForward(allowed, pod, port);
            try
            {
                var baseUri = new Uri($"http://127.0.0.1:{port}");
                await DeployedService.WaitReadyAsync(baseUri, () => Task.FromResult(allowedForward.HasExited),
                    async () => await allowedForward.StandardError.ReadToEndAsync(ct), ct);
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                using var mobyshark = JsonDocument.Parse(await http.GetStringAsync(new Uri(baseUri, "/mobyshark"), ct));
                var pinger = mobyshark.RootElement.GetProperty("containers").EnumerateArray()
                    .First(c => c.GetProperty("name").GetString()!.StartsWith("k8s_c_pft-pinger_default_", StringComparison.Ordinal));
                await DeployedService.CaptureEchoRequestsAsync(baseUri, pinger.GetProperty("netns").GetUInt64(), 5, ct);
            }
            finally
            {
                if (!allowedForward.HasExited)
                {
                    allowedForward.Kill(entireProcessTree: true);
                }
            }
        }
        finally
        {
            await Shell.RunAsync("bash", [DownScript], TimeSpan.FromMinutes(5), CancellationToken.None);
        }
    }

    // Two pods that ping each other, and two accounts: one bound to the capture Role, one bound to nothing.
    private const string TestObjects = """
        apiVersion: v1
        kind: Pod
        metadata: {name: pft-target, namespace: default}
        spec:
          containers: [{name: c, image: "packetflix-test/busybox:1", imagePullPolicy: Never, command: [sleep, "900"]}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: pft-pinger, namespace: default}
        spec:
          containers: [{name: c, image: "packetflix-test/busybox:1", imagePullPolicy: Never, command: [sleep, "900"]}]
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: pft-capture, namespace: packetflix}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: pft-nobody, namespace: packetflix}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: pft-capture, namespace: packetflix}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: packetflix-capture}
        subjects: [{kind: ServiceAccount, name: pft-capture, namespace: packetflix}]
        """;

    // Kubernetes 1.20 creates a token Secret per ServiceAccount; a kubeconfig with only that token acts as the account.
    private static async Task<string> KubeconfigForAsync(TempDirectory work, string account, CancellationToken ct)
    {
        string secret = "";
        var deadline = DateTime.UtcNow + KubectlTimeout;
        while (secret.Length == 0 && DateTime.UtcNow < deadline)
        {
            secret = (await Run(["-n", "packetflix", "get", "serviceaccount", account, "-o", "jsonpath={.secrets[0].name}"], ct)).Trim();
            if (secret.Length == 0)
            {
                await Task.Delay(250, ct);
            }
        }

        Assert.NotEmpty(secret);
        var token = Encoding.UTF8.GetString(Convert.FromBase64String(
            (await Run(["-n", "packetflix", "get", "secret", secret, "-o", "jsonpath={.data.token}"], ct)).Trim()));
        var path = work.File($"{account}.kubeconfig");
        await File.WriteAllTextAsync(path, $$$"""
            apiVersion: v1
            kind: Config
            clusters: [{name: test, cluster: {server: "https://127.0.0.1:6443", insecure-skip-tls-verify: true}}]
            users: [{name: {{{account}}}, user: {token: "{{{token}}}"}}]
            contexts: [{name: test, context: {cluster: test, user: {{{account}}}, namespace: packetflix}}]
            current-context: test
            """, ct);
        return path;
    }

    private static Process StartPortForward(string kubeconfig, string pod, int port)
    {
        var start = new ProcessStartInfo(Kubectl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["--kubeconfig", kubeconfig, "-n", "packetflix", "port-forward", pod,
                     $"{port.ToString(CultureInfo.InvariantCulture)}:5001"])
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("cannot start kubectl");
    }

    private static async Task<string> Run(string[] args, CancellationToken ct, byte[]? stdin = null) =>
        (await Shell.RunCheckedAsync(Kubectl, ["--kubeconfig", Path.Combine(State, "admin.kubeconfig"), .. args], KubectlTimeout, ct, stdin)).StdOut;
}
