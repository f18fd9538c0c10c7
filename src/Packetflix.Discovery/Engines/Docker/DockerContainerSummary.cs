using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Engines.Docker;

/// <summary>One entry of GET /containers/json (running and paused containers only, the default).</summary>
internal sealed record DockerContainerSummary([property: JsonPropertyName("Id")] string? Id);
