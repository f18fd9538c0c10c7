using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Engines.Docker;

/// <summary>The Config object of a container inspection (labels only).</summary>
internal sealed record DockerContainerConfig([property: JsonPropertyName("Labels")] IReadOnlyDictionary<string, string>? Labels);
