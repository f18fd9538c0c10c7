using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary><c>/mobyshark</c> metadata, in Ghostwire's key order.</summary>
public sealed record MobysharkMetadata(
    [property: JsonPropertyName("creator")] string Creator,
    [property: JsonPropertyName("creator-id")] string CreatorId,
    [property: JsonPropertyName("creator-version")] string CreatorVersion,
    [property: JsonPropertyName("creation-timestamp")] string CreationTimestamp,
    [property: JsonPropertyName("hostname")] string Hostname);
