using Grpc.Core;
using Grpc.Net.Client;
using Packetflix.Core.Net;
using Packetflix.Extcap.Tests.Cri.Protos;
using Packetflix.Tests.Common;

namespace Packetflix.Extcap.Tests.Cri;

/// <summary>
/// Two Kubernetes-style pods with two containers each, run through the CRI plugin of the stand-alone containerd the way
/// a kubelet runs them (RunPodSandbox, CreateContainer, StartContainer), on the CNI bridge and with the sandbox image
/// test/engines.sh sets up offline; seen by the real service's embedded discovery. Unique names; every sandbox is
/// stopped and removed at the end.
/// </summary>
public sealed class CriPods : IAsyncLifetime
{
    public const string Socket = "/run/containerd/containerd.sock";

    /// <summary>Imported into containerd namespace k8s.io by test/engines.sh; it has no PATH, hence absolute commands.</summary>
    private const string Image = "docker.io/local/busybox:latest";

    private static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(60);

    private readonly List<string> _sandboxes = [];
    private GrpcChannel? _channel;
    private RuntimeService.RuntimeServiceClient? _cri;
    private MachineLock? _engineUp;
    private string? _problem;

    public string Id { get; } = Guid.NewGuid().ToString("N")[..8];

    public string Namespace => $"pf{Id}";

    public CriPod A { get; private set; } = null!;

    public CriPod B { get; private set; } = null!;

    internal RealServer Server { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (!Privileged.IsRoot())
        {
            _problem = "needs root";
            return;
        }

        // The Discovery tests restart this containerd once, holding this lock exclusively; not while these pods are in
        // use. The lock comes first: during a restart the socket is gone for a moment, and that is no missing engine.
        _engineUp = await MachineLock.AcquireAsync(MachineLock.StandaloneContainerd, exclusive: false, TimeSpan.FromMinutes(10), CancellationToken.None);
        if (!await Eventually.TryWaitUntilAsync(() => File.Exists(Socket), Eventually.DefaultDeadline, CancellationToken.None))
        {
            _problem = $"no containerd at {Socket} (test.sh starts it through test/engines.sh)";
            return;
        }

        try
        {
            _channel = GrpcChannel.ForAddress("http://localhost", new GrpcChannelOptions
            {
                HttpHandler = new SocketsHttpHandler
                {
                    ConnectCallback = (_, ct) => UnixSocketConnector.ConnectAsync(Socket, ct),
                },
                DisposeHttpClient = true,
            });
            _cri = new RuntimeService.RuntimeServiceClient(_channel);
            A = await RunPodAsync($"a{Id}", [$"a{Id}-web", $"a{Id}-side"], CancellationToken.None);
            B = await RunPodAsync($"b{Id}", [$"b{Id}-web", $"b{Id}-side"], CancellationToken.None);
            Server = await RealServer.StartEmbeddedAsync(CancellationToken.None);
        }
        catch (RpcException e)
        {
            // A sandbox that does not start is a broken set-up (engines.sh's CRI config), not a skip: Require fails.
            _problem = $"CRI call failed: {e.Status.StatusCode} {e.Status.Detail}";
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Server is not null)
        {
            await Server.DisposeAsync();
        }

        foreach (var sandbox in _sandboxes.ToArray())
        {
            await RemovePodAsync(sandbox, CancellationToken.None);
        }

        _channel?.Dispose();
        _engineUp?.Dispose();
    }

    /// <summary>Skips (plain run) or fails (PACKETFLIX_REQUIRE_PRIVILEGED=1) without root, containerd's CRI and tshark.</summary>
    public void Require()
    {
        Privileged.Require();
        Privileged.RequireTool("tshark");
        Privileged.RequireThat(_problem is null, _problem ?? string.Empty);
    }

    /// <summary>A pod in <see cref="Namespace"/> with a sleeping container per name, IPv6 off, on the CNI bridge.</summary>
    public async Task<CriPod> RunPodAsync(string name, IReadOnlyList<string> containers, CancellationToken cancellationToken)
    {
        var cri = _cri ?? throw new InvalidOperationException("not initialised");
        var config = new PodSandboxConfig
        {
            Metadata = new PodSandboxMetadata { Name = name, Namespace = Namespace, Uid = $"uid-{name}" },
            Hostname = name,
            Labels = { ["app"] = name },
            Linux = new LinuxPodSandboxConfig { Sysctls = { ["net.ipv6.conf.all.disable_ipv6"] = "1" } },
        };
        var sandbox = (await cri.RunPodSandboxAsync(new RunPodSandboxRequest { Config = config }, deadline: Deadline(),
            cancellationToken: cancellationToken)).PodSandboxId;
        _sandboxes.Add(sandbox);
        var ids = new List<string>();
        foreach (var container in containers)
        {
            var id = (await cri.CreateContainerAsync(new CreateContainerRequest
            {
                PodSandboxId = sandbox,
                SandboxConfig = config,
                Config = new ContainerConfig
                {
                    Metadata = new ContainerMetadata { Name = container },
                    Image = new ImageSpec { Image = Image },
                    Command = { "/bin/sleep", "1000" },
                },
            }, deadline: Deadline(), cancellationToken: cancellationToken)).ContainerId;
            await cri.StartContainerAsync(new StartContainerRequest { ContainerId = id }, deadline: Deadline(), cancellationToken: cancellationToken);
            ids.Add(id);
        }

        var status = await cri.PodSandboxStatusAsync(new PodSandboxStatusRequest { PodSandboxId = sandbox }, deadline: Deadline(),
            cancellationToken: cancellationToken);
        return new CriPod($"{Namespace}/{name}", sandbox, containers, ids, status.Status.Network?.Ip ?? string.Empty);
    }

    /// <summary>Stops and removes the pod's sandbox (and with it its containers), as the kubelet does.</summary>
    public async Task RemovePodAsync(string sandbox, CancellationToken cancellationToken)
    {
        var cri = _cri ?? throw new InvalidOperationException("not initialised");
        await cri.StopPodSandboxAsync(new StopPodSandboxRequest { PodSandboxId = sandbox }, deadline: Deadline(), cancellationToken: cancellationToken);
        await cri.RemovePodSandboxAsync(new RemovePodSandboxRequest { PodSandboxId = sandbox }, deadline: Deadline(), cancellationToken: cancellationToken);
        _sandboxes.Remove(sandbox);
    }

    /// <summary>Pings <paramref name="to"/> from the first container of <paramref name="from"/> until cancelled.</summary>
    public async Task PingUntilCancelledAsync(CriPod from, CriPod to, CancellationToken cancellationToken)
    {
        var cri = _cri ?? throw new InvalidOperationException("not initialised");
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await cri.ExecSyncAsync(new ExecSyncRequest
                {
                    ContainerId = from.ContainerIds[0],
                    Cmd = { "/bin/ping", "-c", "5", "-i", "0.2", to.Ip },
                    Timeout = 30,
                }, deadline: Deadline(), cancellationToken: cancellationToken);
            }
            catch (RpcException) when (cancellationToken.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private static DateTime Deadline() => DateTime.UtcNow + CallDeadline;
}
