using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>A leader process of a namespace in <c>/api/namespaces</c>.</summary>
public sealed record ApiProcess(
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("name")] string Name);
