using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>One line of a container's /etc/hosts.</summary>
public sealed record UiHostEntry(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("names")] IReadOnlyList<string> Names);
