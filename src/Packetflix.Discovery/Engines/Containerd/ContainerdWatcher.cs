using Microsoft.Extensions.Logging;
using TaskStatus = Packetflix.Discovery.Engines.Protos.Containerd.Tasks.Status;

namespace Packetflix.Discovery.Engines.Containerd;

/// <summary>
/// containerd's containers in every namespace except <c>moby</c> (Docker's own, reported by Docker) and <c>k8s.io</c>
/// (reported through the CRI). Event-driven: it subscribes to task events first, lists every namespace, and then lists
/// again the namespace of each task event (containers + tasks: two cheap calls).
/// </summary>
internal sealed class ContainerdWatcher : EngineWatcher
{
    private static readonly HashSet<string> IgnoredNamespaces = new(StringComparer.Ordinal) { "moby", "k8s.io" };

    private readonly ContainerdApi _api;

    public ContainerdWatcher(EngineInfo info, ContainerdApi api, ILogger logger, TimeProvider timeProvider)
        : base(info, "containerd", logger, timeProvider)
    {
        _api = api;
    }

    /// <summary>Display name: <c>ns/id</c>, just <c>id</c> in namespace <c>default</c>; nerdctl's name label wins.</summary>
    public static string DisplayName(string ns, string id, IReadOnlyDictionary<string, string> labels) =>
        labels.TryGetValue("nerdctl/name", out var name) && name.Length > 0 ? name
        : ns == "default" ? id
        : $"{ns}/{id}";

    protected override async Task WatchAsync(CancellationToken cancellationToken)
    {
        using var events = _api.SubscribeTasks(cancellationToken);
        var namespaces = await _api.NamespacesAsync(cancellationToken);
        var all = new List<EngineContainer>();
        foreach (var ns in namespaces.Where(n => !IgnoredNamespaces.Contains(n)))
        {
            all.AddRange(await ListNamespaceAsync(ns, cancellationToken));
        }

        ReplaceScope("", all);
        MarkSynced();

        while (await events.ResponseStream.MoveNext(cancellationToken))
        {
            var ns = events.ResponseStream.Current.Namespace;
            if (ns.Length > 0 && !IgnoredNamespaces.Contains(ns))
            {
                ReplaceScope(ns + "/", await ListNamespaceAsync(ns, cancellationToken));
            }
        }
    }

    protected override void DisposeResources() => _api.Dispose();

    /// <summary>containerd 1.x leaves container_id empty in task listings; the init task's id is the container id.</summary>
    private static string TaskContainerId(Protos.Containerd.Tasks.Process task) => task.ContainerId.Length > 0 ? task.ContainerId : task.Id;

    private async Task<List<EngineContainer>> ListNamespaceAsync(string ns, CancellationToken cancellationToken)
    {
        var allTasks = await _api.TasksAsync(ns, cancellationToken);
        var tasks = allTasks
            .Where(t => t.Pid > 0 && t.Status is TaskStatus.Running or TaskStatus.Paused or TaskStatus.Pausing)
            .GroupBy(TaskContainerId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var result = new List<EngineContainer>();
        var containers = await _api.ContainersAsync(ns, cancellationToken);
        foreach (var container in containers)
        {
            if (tasks.TryGetValue(container.Id, out var task))
            {
                var labels = new Dictionary<string, string>(container.Labels, StringComparer.Ordinal);
                result.Add(new EngineContainer($"{ns}/{container.Id}", container.Id, DisplayName(ns, container.Id, labels),
                    (int)task.Pid, task.Status is not TaskStatus.Running, labels));
            }
        }

        EngineLog.NamespaceListed(Logger, Info.Type, Info.Id, ns, containers.Count, allTasks.Count, result.Count);
        return result;
    }
}
