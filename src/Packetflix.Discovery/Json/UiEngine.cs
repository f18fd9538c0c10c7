using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>A container engine in <c>/json</c>.</summary>
public sealed record UiEngine(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("version")] string Version,
    [property: JsonPropertyName("api-path")] string ApiPath,
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("prefix")] string Prefix);
