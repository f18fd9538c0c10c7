using Packetflix.Discovery.Engines;

namespace Packetflix.Discovery.Model;

/// <summary>A capture target living in a netns: a container, a pod, a stand-alone process or a bind mount.</summary>
/// <param name="Name">Container name, <c>ns/pod</c>, <c>comm(pid)</c> or the mount paths joined by ':'.</param>
/// <param name="Type">docker, podman, containerd, pod, proc, bindmount (or an engine's own type).</param>
/// <param name="Prefix">Prefix of the engine (names of enclosing containers); "" otherwise.</param>
/// <param name="ContainerId">Engine container id (the sandbox's for pods); "" for processes and bind mounts.</param>
/// <param name="State">running or paused.</param>
/// <param name="Pid">Host PID of its process; 0 for bind mounts.</param>
/// <param name="StartTime">Start time of <paramref name="Pid"/> (stat field 22); 0 for bind mounts.</param>
/// <param name="Labels">Engine labels; empty for processes and bind mounts.</param>
/// <param name="Pod">Pod name <c>ns/pod</c> for pods (and containers carrying pod labels), else null.</param>
public sealed record TargetInfo(
    string Name,
    string Type,
    string Prefix,
    string ContainerId,
    string State,
    int Pid,
    ulong StartTime,
    IReadOnlyDictionary<string, string> Labels,
    string? Pod)
{
    /// <summary>Host ports the engine forwards into this container (<see cref="ContainerInfo.Ports"/>); empty for
    /// pods, processes and bind mounts.</summary>
    public IReadOnlyList<PublishedPort> Ports { get; init; } = [];
}
