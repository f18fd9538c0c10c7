using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>The <c>GET /api/mounts/{mntns}</c> document (docs/api.md).</summary>
public sealed record ApiMountsDocument(
    [property: JsonPropertyName("mntns")] ulong Mntns,
    [property: JsonPropertyName("container")] string? Container,
    [property: JsonPropertyName("ealdorman")] ApiProcess? Ealdorman,
    [property: JsonPropertyName("partial")] bool Partial,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("mounts")] IReadOnlyList<ApiMount> Mounts);
