using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Engines.Docker;

/// <summary>One line of GET /events.</summary>
internal sealed record DockerEvent(
    [property: JsonPropertyName("Type")] string? Type,
    [property: JsonPropertyName("Action")] string? Action,
    [property: JsonPropertyName("Actor")] DockerEventActor? Actor,
    [property: JsonPropertyName("id")] string? LegacyId);
