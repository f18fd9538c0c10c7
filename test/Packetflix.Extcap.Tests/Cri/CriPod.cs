namespace Packetflix.Extcap.Tests.Cri;

/// <summary>A pod run through CRI: its target name (namespace/name), sandbox, containers and pod IP.</summary>
public sealed record CriPod(string Target, string SandboxId, IReadOnlyList<string> Containers, IReadOnlyList<string> ContainerIds, string Ip)
{
    /// <summary>The pod's name without its namespace.</summary>
    public string PodName => Target[(Target.IndexOf('/', StringComparison.Ordinal) + 1)..];
}
