using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary><c>/json</c> metadata.</summary>
public sealed record UiMetadata(
    [property: JsonPropertyName("creator-id")] string CreatorId,
    [property: JsonPropertyName("creator-version")] string CreatorVersion,
    [property: JsonPropertyName("creation-timestamp")] string CreationTimestamp,
    [property: JsonPropertyName("hostname")] string Hostname,
    [property: JsonPropertyName("kernel-version")] string KernelVersion);
