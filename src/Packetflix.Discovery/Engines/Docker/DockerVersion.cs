using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Engines.Docker;

/// <summary>GET /version (Docker Engine API; podman's compatible API lists a "Podman Engine" component).</summary>
internal sealed record DockerVersion(
    [property: JsonPropertyName("Version")] string? Version,
    [property: JsonPropertyName("ApiVersion")] string? ApiVersion,
    [property: JsonPropertyName("Components")] IReadOnlyList<DockerComponent>? Components);
