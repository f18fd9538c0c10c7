using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>A TCP or UDP socket of a netns in <c>/json</c> (proc_net_tcp(5)) with its owner.</summary>
public sealed record UiSocket(
    [property: JsonPropertyName("proto")] string Proto,
    [property: JsonPropertyName("state")] string State,
    [property: JsonPropertyName("local")] string Local,
    [property: JsonPropertyName("remote")] string Remote,
    [property: JsonPropertyName("inode")] ulong Inode,
    [property: JsonPropertyName("pid")] int? Pid,
    [property: JsonPropertyName("process")] string? Process,
    [property: JsonPropertyName("container")] string? Container);
