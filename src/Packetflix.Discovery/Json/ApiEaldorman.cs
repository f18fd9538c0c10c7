using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>The representative process of a namespace (its most senior leader).</summary>
public sealed record ApiEaldorman(
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("cmdline")] string Cmdline,
    [property: JsonPropertyName("starttime")] ulong StartTime);
