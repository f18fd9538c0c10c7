using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Engines.Docker;

/// <summary>One entry of <see cref="DockerVersion.Components"/>.</summary>
internal sealed record DockerComponent(
    [property: JsonPropertyName("Name")] string? Name,
    [property: JsonPropertyName("Version")] string? Version);
