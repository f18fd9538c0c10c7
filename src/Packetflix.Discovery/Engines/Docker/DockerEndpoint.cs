using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Engines.Docker;

/// <summary>A container's endpoint in one network (NetworkSettings.Networks.NAME), the addresses only.</summary>
internal sealed record DockerEndpoint(
    [property: JsonPropertyName("IPAddress")] string? IpAddress,
    [property: JsonPropertyName("GlobalIPv6Address")] string? GlobalIpv6Address);
