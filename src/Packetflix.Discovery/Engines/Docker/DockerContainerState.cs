using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Engines.Docker;

/// <summary>The State object of a container inspection.</summary>
internal sealed record DockerContainerState(
    [property: JsonPropertyName("Pid")] int Pid,
    [property: JsonPropertyName("Paused")] bool Paused,
    [property: JsonPropertyName("Running")] bool Running);
