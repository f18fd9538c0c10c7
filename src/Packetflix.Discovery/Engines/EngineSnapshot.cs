namespace Packetflix.Discovery.Engines;

/// <summary>What the engines report at one moment.</summary>
public sealed record EngineSnapshot(IReadOnlyList<EngineInfo> Engines, IReadOnlyList<ContainerInfo> Containers)
{
    public static EngineSnapshot Empty { get; } = new([], []);
}
