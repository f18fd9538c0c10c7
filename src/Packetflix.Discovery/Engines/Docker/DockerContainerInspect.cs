using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Engines.Docker;

/// <summary>GET /containers/{id}/json, the fields discovery needs.</summary>
internal sealed record DockerContainerInspect(
    [property: JsonPropertyName("Id")] string? Id,
    [property: JsonPropertyName("Name")] string? Name,
    [property: JsonPropertyName("State")] DockerContainerState? State,
    [property: JsonPropertyName("Config")] DockerContainerConfig? Config,
    [property: JsonPropertyName("NetworkSettings")] DockerNetworkSettings? NetworkSettings);
