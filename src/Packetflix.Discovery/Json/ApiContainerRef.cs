using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>A container a namespace belongs to; <c>display</c> is <c>[prefix]:name</c> for a container in a container.</summary>
public sealed record ApiContainerRef(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("prefix")] string Prefix,
    [property: JsonPropertyName("display")] string Display);
