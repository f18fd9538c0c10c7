using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Engines.Docker;

/// <summary>One host binding of a published port: <c>{"HostIp": "0.0.0.0", "HostPort": "8080"}</c>.</summary>
internal sealed record DockerPortBinding(
    [property: JsonPropertyName("HostIp")] string? HostIp,
    [property: JsonPropertyName("HostPort")] string? HostPort);
