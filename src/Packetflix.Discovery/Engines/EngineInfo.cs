namespace Packetflix.Discovery.Engines;

/// <summary>A container engine found on the host (possibly inside a container).</summary>
/// <param name="Id">Engine id (Docker's Info().ID, or a stable synthetic id such as <c>containerd:&lt;pid&gt;</c>).</param>
/// <param name="Type"><c>docker</c>, <c>podman</c>, <c>containerd</c> or <c>cri</c>.</param>
/// <param name="Version">Engine version as it reports it.</param>
/// <param name="ApiPath">Socket path reachable from the host, e.g. <c>/proc/123/root/run/containerd/containerd.sock</c>.</param>
/// <param name="Pid">Host PID of the engine process.</param>
/// <param name="Prefix">Names of the containers enclosing the engine, outermost first, joined by <c>/</c>; "" on the host.</param>
public sealed record EngineInfo(string Id, string Type, string Version, string ApiPath, int Pid, string Prefix);
