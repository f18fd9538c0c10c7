using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>Scheduling policy and nice value of the container's initial process.</summary>
public sealed record UiScheduler(
    [property: JsonPropertyName("policy")] string Policy,
    [property: JsonPropertyName("nice")] int Nice);
