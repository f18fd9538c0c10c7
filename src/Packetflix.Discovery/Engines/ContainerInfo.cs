namespace Packetflix.Discovery.Engines;

/// <summary>A running or paused container reported by an engine.</summary>
/// <param name="Id">Engine's container id.</param>
/// <param name="Name">Display name: Docker/podman name without the leading '/', containerd <c>ns/id</c> (or <c>id</c>
/// in namespace <c>default</c>, or the <c>nerdctl/name</c> label), CRI container name.</param>
/// <param name="Type">Capture-target type: <c>docker</c>, <c>podman</c>, <c>containerd</c> or <c>CRI</c>.</param>
/// <param name="Pid">Host PID of the container's initial process (translated through NSpid for nested engines).</param>
/// <param name="State"><c>running</c> or <c>paused</c>.</param>
/// <param name="Labels">Engine labels; CRI containers carry <c>io.kubernetes.pod.name</c>, <c>io.kubernetes.pod.namespace</c>,
/// <c>io.kubernetes.pod.uid</c>, <c>io.kubernetes.container.name</c>, and sandboxes <c>io.kubernetes.sandbox</c>.</param>
/// <param name="Prefix">The engine's prefix (see <see cref="EngineInfo.Prefix"/>).</param>
/// <param name="EngineId">The reporting engine's <see cref="EngineInfo.Id"/>.</param>
public sealed record ContainerInfo(
    string Id,
    string Name,
    string Type,
    int Pid,
    string State,
    IReadOnlyDictionary<string, string> Labels,
    string Prefix,
    string EngineId)
{
    /// <summary>Host ports the engine forwards into the container (published ports); empty when it reports none.</summary>
    public IReadOnlyList<PublishedPort> Ports { get; init; } = [];

    /// <summary><c>&lt;k8s-namespace&gt;/&lt;pod&gt;</c> for containers of a Kubernetes pod (CRI, or Docker under dockershim/cri-dockerd), else null.</summary>
    public string? PodName => Labels.TryGetValue("io.kubernetes.pod.namespace", out var ns)
        && Labels.TryGetValue("io.kubernetes.pod.name", out var pod) ? $"{ns}/{pod}" : null;
}
