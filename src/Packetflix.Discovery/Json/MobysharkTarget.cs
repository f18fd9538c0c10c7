using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>One <c>/mobyshark</c> capture target; keys in upstream order, pid/starttime/prefix always present.</summary>
public sealed record MobysharkTarget(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("netns")] ulong Netns,
    [property: JsonPropertyName("network-interfaces")] IReadOnlyList<string> NetworkInterfaces,
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("starttime")] ulong StartTime,
    [property: JsonPropertyName("prefix")] string Prefix);
