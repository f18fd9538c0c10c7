using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Packetflix.Core.Pcapng;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Deployment;

/// <summary>
/// deploy/kubernetes on a real single-node cluster (Kubernetes 1.20, kubelet on the test dockerd, so the image
/// build-local.sh builds is already the node's): every manifest passes the API server's validation, the DaemonSet pod
/// becomes Ready as user 65534 with the capability list, and only through kubectl port-forward, gated by the
/// pods/portforward RBAC right, /readyz answers and our CLI lists the cluster's pods, captures one's pings, and
/// captures two pods in one time-ordered stream.
/// </summary>
public sealed partial class KubernetesTests
{
    // The pods' bridge (pft0) is their gateway at the first address of the pod range: a ping target every pod has.
    private const string PodGateway = "198.18.251.1";
    private const string Namespace = "packetflix";

    private static readonly TimeSpan ProcessTimeout = TimeSpan.FromMinutes(2);

    [Fact(Timeout = 1_800_000)]
    public async Task DaemonSet_RealCluster_ReadyNonRootPortForwardGatedByRbacCliCaptures()
    {
        Privileged.Require();
        Privileged.RequireTool("docker");
        Privileged.RequireThat(TestCluster.ScriptDirectory is not null,
            "the test cluster's scripts (shared/k8s/up.sh beside the clone, or $PACKETFLIX_K8S_DIR) are missing");
        var cli = CliPath();
        Privileged.RequireThat(File.Exists(cli), $"{cli} is missing (build the solution first)");
        var ct = TestContext.Current.CancellationToken;
        var image = await DeploymentArtifacts.ImageAsync();
        var id = Guid.NewGuid().ToString("N")[..8];
        var pinger = $"pft-pinger-{id}";
        var pinger2 = $"pft-pinger2-{id}";
        var allowed = $"pft-capture-{id}";
        var denied = $"pft-nobody-{id}";
        using var work = new TempDirectory();
        var forwards = new List<Process>();
        var startedCluster = false;
        string? manifests = null;
        try
        {
            startedCluster = await TestCluster.EnsureRunningAsync(ct);
            manifests = (await TestCluster.RunAsync(["kustomize", Path.Combine(DeploymentArtifacts.RepoRoot, "deploy/kubernetes")], ct))
                .Replace("image: packetflix:local", $"image: {image}", StringComparison.Ordinal)
                .Replace("imagePullPolicy: IfNotPresent", "imagePullPolicy: Never", StringComparison.Ordinal);
            Assert.Contains("imagePullPolicy: Never", manifests, StringComparison.Ordinal);

            // The namespace first: a dry run of objects in a namespace that does not exist yet is refused. Then every
            // object against the server's OpenAPI schema (kubectl's client-side validation, on by default) and its
            // admission (the server-side dry run), then for real.
            await TestCluster.RunAsync(["apply", "-f", Path.Combine(DeploymentArtifacts.RepoRoot, "deploy/kubernetes/namespace.yaml")], ct);
            await TestCluster.RunAsync(["apply", "--validate=true", "--dry-run=server", "-f", "-"], ct, Encoding.UTF8.GetBytes(manifests));
            await TestCluster.RunAsync(["apply", "-f", "-"], ct, Encoding.UTF8.GetBytes(manifests));
            await TestCluster.RunAsync(["apply", "--validate=true", "-f", "-"], ct, Encoding.UTF8.GetBytes(TestObjects(id)));

            var pod = await WaitForDaemonSetPodReadyAsync(ct);
            await Eventually.WaitUntilAsync(
                async c => (await TestCluster.TryRunAsync(["-n", "default", "get", "pod", pinger, "-o", "jsonpath={.status.phase}"], c)).StdOut == "Running",
                TimeSpan.FromMinutes(4), ct, $"pod {pinger} Running");
            await Eventually.WaitUntilAsync(
                async c => (await TestCluster.TryRunAsync(["-n", "default", "get", "pod", pinger2, "-o", "jsonpath={.status.phase}"], c)).StdOut == "Running",
                TimeSpan.FromMinutes(4), ct, $"pod {pinger2} Running");

            // The pod's process as the kernel sees it: user 65534, the capabilities in its effective set.
            var status = await File.ReadAllTextAsync($"/proc/{await DaemonSetPidAsync(pod, ct)}/status", ct);
            Assert.Matches(@"Uid:\s+65534\s+65534", status);
            Assert.Empty(Hosting.CapabilityCheck.Missing(status, "CapEff"));

            // RBAC: an account with pods get/list but not pods/portforward is refused; the capture Role's account is let in.
            var refused = StartPortForward(denied, pod);
            forwards.Add(refused);
            var refusedError = refused.StandardError.ReadToEndAsync(ct);
            await refused.WaitForExitAsync(ct).WaitAsync(ProcessTimeout, ct);
            Assert.NotEqual(0, refused.ExitCode);
            Assert.Contains("forbidden", await refusedError, StringComparison.OrdinalIgnoreCase);

            var forward = StartPortForward(allowed, pod);
            forwards.Add(forward);
            var forwarding = await DeployedService.ReadUntilAsync(forward.StandardOutput, ForwardingLine(),
                async () => forward.HasExited ? await forward.StandardError.ReadToEndAsync(ct) : "kubectl port-forward still running", ct);
            var baseUri = new Uri($"http://127.0.0.1:{forwarding.Groups[1].Value}");
            await DeployedService.WaitReadyAsync(baseUri, () => Task.FromResult(forward.HasExited),
                async () => forward.HasExited ? await forward.StandardError.ReadToEndAsync(ct) : "kubectl port-forward still running", ct);
            using (var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) })
            {
                using var readyz = await http.GetAsync(new Uri(baseUri, "/readyz"), ct);
                Assert.Equal(HttpStatusCode.OK, readyz.StatusCode);
            }

            // Our CLI through the tunnel: the pinger pod is listed, and a capture by its listed name gets its pings.
            var listing = await Cli(["ls", "--host", baseUri.ToString()], ct);
            // dockershim runs the pod as Docker containers (k8s_POD_... sandbox, k8s_c_... app); discovery folds them
            // into one pod target named <namespace>/<pod>, as Ghostwire does, and hides the sandbox.
            Assert.DoesNotContain($"k8s_POD_{pinger}_default_", listing, StringComparison.Ordinal);
            var row = listing.Split('\n').FirstOrDefault(l => l.StartsWith($"default/{pinger} ", StringComparison.Ordinal));
            Assert.True(row is not null, $"{pinger} not in packetflix ls:\n{listing}");
            var name = row.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            var file = work.File("pinger.pcapng");
            await Cli(["capture", name, "-f", "icmp", "-c", "5", "-w", file, "--host", baseUri.ToString()], ct);
            var blocks = PcapngReader.ReadAll(await File.ReadAllBytesAsync(file, ct));
            var packets = blocks.OfType<EnhancedPacketBlock>().ToList();
            Assert.Equal(5, packets.Count);
            Assert.Contains(packets, PacketAssertions.IsIcmpEchoRequest);

            // Two pods in one stream: one IDB per pod's interface, named <namespace>/<pod>/<nif>, each pod's pings on
            // its own interfaces, in time order.
            await CaptureTwoPodsAsync(listing, [pinger, pinger2], work.File("pods.pcapng"), baseUri, ct);
        }
        finally
        {
            foreach (var forward in forwards)
            {
                ExitOrKill(forward);
            }

            await CleanupAsync(id, manifests, startedCluster);
        }
    }

    private static async Task CaptureTwoPodsAsync(string listing, string[] pods, string file, Uri baseUri, CancellationToken ct)
    {
        var names = pods.Select(p => $"default/{p}").ToArray();
        foreach (var name in names)
        {
            Assert.Contains(listing.Split('\n'), l => l.StartsWith(name + " ", StringComparison.Ordinal));
        }

        await Cli(["capture", .. names, "-f", "icmp", "-c", "40", "-w", file, "--host", baseUri.ToString()], ct);
        var blocks = PcapngReader.ReadAll(await File.ReadAllBytesAsync(file, ct));
        var interfaces = blocks.OfType<InterfaceDescriptionBlock>().Select(i => i.Name ?? "").ToList();
        var packets = blocks.OfType<EnhancedPacketBlock>().ToList();
        Assert.Equal(40, packets.Count);
        foreach (var name in names)
        {
            Assert.Contains(packets, p => interfaces[(int)p.InterfaceId].StartsWith(name + "/", StringComparison.Ordinal)
                && PacketAssertions.IsIcmpEchoRequest(p));
        }

        // The service merges the pods' interfaces in time order; a packet later than the reordering window may step back
        // (docs/api.md, "Time order"), as many times per interface as the service's ISBs report.
        Multi.MultiTargetCaptureTests.AssertNonDecreasing(
            [.. packets.Select(p => new[] { p.Timestamp.ToString(CultureInfo.InvariantCulture), interfaces[(int)p.InterfaceId] })], blocks);
    }

    // A pod that pings its gateway (the imported busybox image has no PATH, hence /bin/busybox); two accounts in the namespace: one bound to the shipped capture Role, one bound to
    // a Role that is the same minus pods/portforward (so the refusal shows that right is the gate).
    private static string TestObjects(string id) => $$"""
        apiVersion: v1
        kind: Pod
        metadata: {name: pft-pinger-{{id}}, namespace: default}
        spec:
          terminationGracePeriodSeconds: 1
          containers: [{name: c, image: "packetflix-test/busybox:1", imagePullPolicy: Never, command: [/bin/busybox, ping, -i, "0.2", {{PodGateway}}]}]
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: pft-pinger2-{{id}}, namespace: default}
        spec:
          terminationGracePeriodSeconds: 1
          containers: [{name: c, image: "packetflix-test/busybox:1", imagePullPolicy: Never, command: [/bin/busybox, ping, -i, "0.2", {{PodGateway}}]}]
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: pft-capture-{{id}}, namespace: {{Namespace}}}
        ---
        apiVersion: v1
        kind: ServiceAccount
        metadata: {name: pft-nobody-{{id}}, namespace: {{Namespace}}}
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: pft-capture-{{id}}, namespace: {{Namespace}}}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: packetflix-capture}
        subjects: [{kind: ServiceAccount, name: pft-capture-{{id}}, namespace: {{Namespace}}}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: Role
        metadata: {name: pft-no-portforward-{{id}}, namespace: {{Namespace}}}
        rules: [{apiGroups: [""], resources: [pods], verbs: [get, list]}]
        ---
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: pft-nobody-{{id}}, namespace: {{Namespace}}}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: pft-no-portforward-{{id}}}
        subjects: [{kind: ServiceAccount, name: pft-nobody-{{id}}, namespace: {{Namespace}}}]
        """;

    /// <summary>Waits (generously: the node's first start of the image on a busy machine) for the DaemonSet's pod to be Ready.</summary>
    private static async Task<string> WaitForDaemonSetPodReadyAsync(CancellationToken ct)
    {
        var pod = "";
        var ready = await Eventually.TryWaitUntilAsync(async c =>
        {
            var result = await TestCluster.TryRunAsync(["-n", Namespace, "get", "pods", "-l", "app.kubernetes.io/name=packetflix", "-o",
                """jsonpath={range .items[*]}{.metadata.name}{" "}{.status.conditions[?(@.type=="Ready")].status}{"\n"}{end}"""], c);
            var line = result.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(l => l.EndsWith(" True", StringComparison.Ordinal));
            pod = line?.Split(' ')[0] ?? "";
            return pod.Length > 0;
        }, TimeSpan.FromMinutes(5), ct);
        if (!ready)
        {
            var describe = await TestCluster.TryRunAsync(["-n", Namespace, "describe", "pods"], ct);
            Assert.Fail($"the DaemonSet's pod was not Ready within 5 minutes:\n{describe.StdOut}{describe.StdErr}");
        }

        return pod;
    }

    /// <summary>The host PID of the pod's packetflix container (dockershim names it k8s_CONTAINER_POD_NAMESPACE_...).</summary>
    private static async Task<string> DaemonSetPidAsync(string pod, CancellationToken ct)
    {
        var container = (await Shell.RunCheckedAsync("docker", ["ps", "-q", "--filter", $"name=k8s_packetflix_{pod}_{Namespace}_"], ProcessTimeout, ct))
            .StdOut.Trim();
        Assert.False(container.Length == 0 || container.Contains('\n', StringComparison.Ordinal), $"one container for {pod}, got \"{container}\"");
        return (await Shell.RunCheckedAsync("docker", ["inspect", "-f", "{{.State.Pid}}", container], ProcessTimeout, ct)).StdOut.Trim();
    }

    // As the service account (impersonated by the admin, so the API server authorises the account's own rights). Local
    // port left to kubectl (":5001"), which binds a free one and prints it: a port chosen by the test first could be
    // taken by another test assembly before kubectl binds it.
    private static Process StartPortForward(string account, string pod)
    {
        var start = new ProcessStartInfo(TestCluster.Kubectl) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in (string[])["--kubeconfig", TestCluster.AdminKubeconfig, $"--as=system:serviceaccount:{Namespace}:{account}",
                     "-n", Namespace, "port-forward", $"pod/{pod}", ":5001"])
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("cannot start kubectl port-forward");
    }

    private static void ExitOrKill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    private static async Task CleanupAsync(string id, string? manifests, bool startedCluster)
    {
        if (startedCluster)
        {
            // down.sh removes every pod container and all cluster state.
            await TestCluster.StopAsync();
            return;
        }

        // A cluster that ran before the test stays up: remove only what the test made, and wait for the deletion so
        // a next run does not meet a terminating namespace.
        await TestCluster.TryRunAsync(["-n", "default", "delete", "pod", $"pft-pinger-{id}", $"pft-pinger2-{id}", "--ignore-not-found", "--wait=false"],
            CancellationToken.None);
        if (manifests is not null)
        {
            await TestCluster.TryRunAsync(["delete", "namespace", Namespace, "--ignore-not-found", "--timeout=110s"], CancellationToken.None);
        }
    }

    private static async Task<string> Cli(string[] args, CancellationToken ct)
    {
        var result = await Shell.RunAsync(CliPath(), args, ProcessTimeout, ct);
        Assert.True(result.ExitCode == 0, $"packetflix {string.Join(' ', args)} exited with {result.ExitCode}: {result.StdErr}");
        return result.StdOut;
    }

    /// <summary>Our CLI (what ./packetflix ls/capture runs), from the same configuration's build as these tests.</summary>
    private static string CliPath()
    {
        // The tests run from test/Packetflix.Server.Tests/bin/CONFIGURATION/TFM/.
        var tfm = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return Path.Combine(DeploymentArtifacts.RepoRoot, "src/Packetflix.Extcap/bin", tfm.Parent!.Name, tfm.Name, "packetflix-extcap");
    }

    // kubectl port-forward's "Forwarding from 127.0.0.1:PORT -> 5001".
    [GeneratedRegex(@"^Forwarding from 127\.0\.0\.1:(\d+) -> 5001")]
    private static partial Regex ForwardingLine();
}
