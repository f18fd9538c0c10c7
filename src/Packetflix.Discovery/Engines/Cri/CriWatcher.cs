using Microsoft.Extensions.Logging;
using Packetflix.Discovery.Engines.Protos.Cri;

namespace Packetflix.Discovery.Engines.Cri;

/// <summary>
/// Pod sandboxes and containers of a CRI runtime. Polled every <see cref="PollInterval"/>: CRI events
/// (GetContainerEvents) need the kubelet's Evented PLEG, which most runtimes do not enable. A poll costs two list calls;
/// the verbose status call that yields a PID is made once per new sandbox or container.
/// </summary>
internal sealed class CriWatcher : EngineWatcher
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    public const string PodNameLabel = "io.kubernetes.pod.name";
    public const string PodNamespaceLabel = "io.kubernetes.pod.namespace";
    public const string PodUidLabel = "io.kubernetes.pod.uid";
    public const string ContainerNameLabel = "io.kubernetes.container.name";
    public const string SandboxLabel = "io.kubernetes.sandbox";

    private readonly CriApi _api;
    private Dictionary<string, int> _pids = new(StringComparer.Ordinal);

    public CriWatcher(EngineInfo info, CriApi api, ILogger logger, TimeProvider timeProvider)
        : base(info, "CRI", logger, timeProvider)
    {
        _api = api;
    }

    protected override async Task WatchAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await SyncAsync(cancellationToken);
            MarkSynced();
            await Task.Delay(PollInterval, TimeProvider, cancellationToken);
        }
    }

    protected override void DisposeResources() => _api.Dispose();

    private async Task SyncAsync(CancellationToken cancellationToken)
    {
        var sandboxes = (await _api.PodSandboxesAsync(cancellationToken)).ToDictionary(s => s.Id, StringComparer.Ordinal);
        var containers = await _api.ContainersAsync(cancellationToken);
        var pids = new Dictionary<string, int>(StringComparer.Ordinal);
        var result = new List<EngineContainer>();
        foreach (var sandbox in sandboxes.Values.Where(s => s.State == PodSandboxState.SandboxReady))
        {
            var pid = await PidAsync(sandbox.Id, isSandbox: true, pids, cancellationToken);
            if (pid > 0)
            {
                var labels = PodLabels(sandbox.Labels, sandbox);
                labels[SandboxLabel] = "true";
                result.Add(new EngineContainer(sandbox.Id, sandbox.Id, sandbox.Id, pid, Paused: false, labels));
            }
        }

        foreach (var container in containers.Where(c => c.State == ContainerState.ContainerRunning))
        {
            var pid = await PidAsync(container.Id, isSandbox: false, pids, cancellationToken);
            if (pid > 0)
            {
                var labels = PodLabels(container.Labels, sandboxes.GetValueOrDefault(container.PodSandboxId));
                var name = container.Metadata?.Name is { Length: > 0 } n ? n : container.Id;
                labels[ContainerNameLabel] = name;
                result.Add(new EngineContainer(container.Id, container.Id, name, pid, Paused: false, labels));
            }
        }

        _pids = pids;
        ReplaceScope("", result);
    }

    private async Task<int> PidAsync(string id, bool isSandbox, Dictionary<string, int> pids, CancellationToken cancellationToken)
    {
        // The initial process of a running container does not change; ask only about new ones.
        if (!_pids.TryGetValue(id, out var pid))
        {
            pid = isSandbox ? await _api.SandboxPidAsync(id, cancellationToken) : await _api.ContainerPidAsync(id, cancellationToken);
        }

        if (pid > 0)
        {
            pids[id] = pid;
        }

        return pid;
    }

    private static Dictionary<string, string> PodLabels(IReadOnlyDictionary<string, string> own, PodSandbox? sandbox)
    {
        var labels = new Dictionary<string, string>(own, StringComparer.Ordinal);
        if (sandbox?.Metadata is { } metadata)
        {
            labels[PodNameLabel] = metadata.Name;
            labels[PodNamespaceLabel] = metadata.Namespace;
            labels[PodUidLabel] = metadata.Uid;
        }

        return labels;
    }
}
