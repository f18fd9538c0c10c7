using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>The <c>/mobyshark</c> document (docs/protocol.md §10).</summary>
public sealed record MobysharkDocument(
    [property: JsonPropertyName("metadata")] MobysharkMetadata Metadata,
    [property: JsonPropertyName("containers")] IReadOnlyList<MobysharkTarget> Containers);
