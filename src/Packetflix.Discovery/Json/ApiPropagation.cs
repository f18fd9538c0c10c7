using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>Mount propagation (mount_namespaces(7)): peer group ids and the mounts sharing them.</summary>
public sealed record ApiPropagation(
    [property: JsonPropertyName("shared")] int? Shared,
    [property: JsonPropertyName("master")] int? Master,
    [property: JsonPropertyName("propagate-from")] int? PropagateFrom,
    [property: JsonPropertyName("unbindable")] bool Unbindable,
    [property: JsonPropertyName("peers")] IReadOnlyList<int> Peers,
    [property: JsonPropertyName("masters")] IReadOnlyList<int> Masters);
