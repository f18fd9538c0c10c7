namespace Packetflix.Discovery.Engines;

/// <summary>A container as an engine reports it, before PID translation and prefixing.</summary>
/// <param name="Key">Unique within the engine's portfolio (containerd: <c>ns/id</c>).</param>
/// <param name="Id">Engine's container id.</param>
/// <param name="Name">Display name.</param>
/// <param name="Pid">PID of the initial process, as seen in the engine's PID namespace.</param>
/// <param name="Paused">True when paused (frozen).</param>
/// <param name="Labels">Engine labels.</param>
internal sealed record EngineContainer(string Key, string Id, string Name, int Pid, bool Paused, IReadOnlyDictionary<string, string> Labels)
{
    /// <summary>Host ports the engine forwards into the container (Docker and podman's compatible API); empty for others.</summary>
    public IReadOnlyList<PublishedPort> Ports { get; init; } = [];
}
