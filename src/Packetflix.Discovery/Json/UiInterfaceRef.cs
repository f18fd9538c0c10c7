using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>An interface in the same netns (the master).</summary>
public sealed record UiInterfaceRef(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("index")] int Index);
