using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Engines.Docker;

/// <summary>The Actor object of a <see cref="DockerEvent"/>.</summary>
internal sealed record DockerEventActor([property: JsonPropertyName("ID")] string? Id);
