using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>A capture target of a netns in <c>/json</c> (container, pod, proc or bindmount).</summary>
public sealed record UiContainer(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("prefix")] string Prefix,
    [property: JsonPropertyName("container-id")] string ContainerId,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("pid")] int Pid,
    [property: JsonPropertyName("starttime")] ulong StartTime,
    [property: JsonPropertyName("labels")] SortedDictionary<string, string> Labels,
    [property: JsonPropertyName("pod")] string? Pod,
    [property: JsonPropertyName("details")] UiDetails? Details);
