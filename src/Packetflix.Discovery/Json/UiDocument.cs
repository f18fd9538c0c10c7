using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>The <c>/json</c> document read by our UI (docs/discovery.md).</summary>
public sealed record UiDocument(
    [property: JsonPropertyName("metadata")] UiMetadata Metadata,
    [property: JsonPropertyName("engines")] IReadOnlyList<UiEngine> Engines,
    [property: JsonPropertyName("network-namespaces")] IReadOnlyList<UiNetns> NetworkNamespaces);
