using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Engines.Docker;

/// <summary>GET /info, only the engine id.</summary>
internal sealed record DockerSystemInfo([property: JsonPropertyName("ID")] string? Id);
