using System.Globalization;
using System.Text.Json;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Deployment;

/// <summary>
/// The image from deploy/container/build-local.sh, run under the real dockerd exactly as
/// deploy/compose/docker-compose.yaml runs it: user 65534, cap_drop ALL plus the list, read-only, pid host,
/// AppArmor unconfined, host networking with the loopback default.
/// </summary>
public sealed class ContainerImageTests
{
    private static readonly TimeSpan DockerTimeout = TimeSpan.FromMinutes(2);

    [Fact(Timeout = 1_200_000)]
    public async Task Image_ComposeSettings_ListsSiblingCapturesItsPingsServesUi()
    {
        Privileged.Require();
        Privileged.RequireTool("docker");
        var ct = TestContext.Current.CancellationToken;
        var image = await DeploymentArtifacts.ImageAsync();
        var id = Guid.NewGuid().ToString("N")[..8];
        var network = $"pft-deploy-{id}";
        var target = $"pft-deploy-target-{id}";
        var pinger = $"pft-deploy-pinger-{id}";
        var service = $"pft-deploy-svc-{id}";
        try
        {
            // Two siblings on an internal network of their own: the pinger's traffic goes only to the target.
            await Docker(ct, "network", "create", "--internal", network);
            await Docker(ct, "run", "-d", "--name", target, "--network", network, "local/busybox:latest", "sleep", "600");
            var targetIp = (await Docker(ct, "inspect", "-f", "{{range .NetworkSettings.Networks}}{{.IPAddress}}{{end}}", target)).Trim();
            await Docker(ct, "run", "-d", "--name", pinger, "--network", network, "local/busybox:latest",
                "ping", "-c", "600", "-i", "0.2", targetIp);

            // Host networking: the port it picks is the host's.
            await Docker(ct, [.. ComposeRunArguments(service, DeploymentArtifacts.DockerCapabilityList), image, "--port", "0"]);
            var baseUri = await DeployedService.WaitListeningAsync(() => LogsAsync(service, ct), () => ExitedAsync(service, ct), ct);
            await DeployedService.WaitReadyAsync(baseUri, () => ExitedAsync(service, ct), () => LogsAsync(service, ct), ct);

            // Its user and capabilities as the kernel sees them, from the host.
            var pid = int.Parse((await Docker(ct, "inspect", "-f", "{{.State.Pid}}", service)).Trim(), CultureInfo.InvariantCulture);
            var status = await File.ReadAllTextAsync($"/proc/{pid}/status", ct);
            Assert.Matches(@"Uid:\s+65534\s+65534", status);
            Assert.Empty(Hosting.CapabilityCheck.Missing(status, "CapEff"));

            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            using var mobyshark = JsonDocument.Parse(await http.GetStringAsync(new Uri(baseUri, "/mobyshark"), ct));
            var names = mobyshark.RootElement.GetProperty("containers").EnumerateArray().Select(c => c.GetProperty("name").GetString()).ToList();
            Assert.Contains(pinger, names);

            var pingerPid = int.Parse((await Docker(ct, "inspect", "-f", "{{.State.Pid}}", pinger)).Trim(), CultureInfo.InvariantCulture);
            await DeployedService.CaptureEchoRequestsAsync(baseUri, DeployedService.NetnsOf(pingerPid), 5, ct);

            var ui = await http.GetStringAsync(baseUri, ct);
            Assert.Contains("<html", ui, StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            await CleanupAsync([service, pinger, target], network);
        }
    }

    [Fact(Timeout = 1_200_000)]
    public async Task Image_OneCapabilityDropped_ExitsTwoNamingIt()
    {
        Privileged.Require();
        Privileged.RequireTool("docker");
        var ct = TestContext.Current.CancellationToken;
        var image = await DeploymentArtifacts.ImageAsync();
        var service = $"pft-deploy-svc-{Guid.NewGuid().ToString("N")[..8]}";
        try
        {
            var caps = DeploymentArtifacts.DockerCapabilityList.Where(c => c != "NET_RAW").ToList();
            // It refuses before it binds, so the port does not matter.
            await Docker(ct, [.. ComposeRunArguments(service, caps), image, "--port", "0"]);
            var exit = await Shell.RunCheckedAsync("docker", ["wait", service], DockerTimeout, ct);
            Assert.Equal("2", exit.StdOut.Trim());
            var logs = await LogsAsync(service, ct);
            Assert.Contains("packetflix: missing capability CAP_NET_RAW, needed for capturing: opening packet sockets", logs,
                StringComparison.Ordinal);
            Assert.DoesNotContain("CAP_SYS_ADMIN", logs, StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", logs, StringComparison.Ordinal);
        }
        finally
        {
            await CleanupAsync([service], null);
        }
    }

    /// <summary>The compose file's settings as docker run flags (deploy/compose/docker-compose.yaml).</summary>
    private static List<string> ComposeRunArguments(string name, IEnumerable<string> capabilities)
    {
        List<string> args = ["run", "-d", "--name", name, "--user", "65534:65534", "--read-only", "--pid", "host", "--network", "host",
            "--security-opt", "apparmor=unconfined", "--cap-drop", "ALL"];
        foreach (var capability in capabilities)
        {
            args.AddRange(["--cap-add", capability]);
        }

        return args;
    }

    private static async Task<string> Docker(CancellationToken ct, params string[] args) =>
        (await Shell.RunCheckedAsync("docker", args, DockerTimeout, ct)).StdOut;

    private static async Task<bool> ExitedAsync(string name, CancellationToken ct) =>
        (await Docker(ct, "inspect", "-f", "{{.State.Running}}", name)).Trim() != "true";

    private static async Task<string> LogsAsync(string name, CancellationToken ct)
    {
        var result = await Shell.RunAsync("docker", ["logs", name], DockerTimeout, ct);
        return result.StdOut + result.StdErr;
    }

    private static async Task CleanupAsync(IEnumerable<string> containers, string? network)
    {
        foreach (var container in containers)
        {
            await Shell.RunAsync("docker", ["rm", "-f", container], DockerTimeout, CancellationToken.None);
        }

        if (network is not null)
        {
            await Shell.RunAsync("docker", ["network", "rm", network], DockerTimeout, CancellationToken.None);
        }
    }
}
