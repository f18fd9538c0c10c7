using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>The bounding capability set; <c>non-default</c> lists those outside Docker's default set.</summary>
public sealed record UiCapabilities(
    [property: JsonPropertyName("bounding")] IReadOnlyList<string> Bounding,
    [property: JsonPropertyName("non-default")] IReadOnlyList<string> NonDefault);
