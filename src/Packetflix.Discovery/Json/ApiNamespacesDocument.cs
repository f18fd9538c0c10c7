using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>The <c>GET /api/namespaces</c> document (docs/api.md).</summary>
public sealed record ApiNamespacesDocument(
    [property: JsonPropertyName("namespaces")] IReadOnlyList<ApiNamespace> Namespaces,
    [property: JsonPropertyName("partial")] bool Partial,
    [property: JsonPropertyName("reason")] string? Reason);
