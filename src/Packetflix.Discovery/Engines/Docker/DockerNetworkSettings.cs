using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Engines.Docker;

/// <summary>The NetworkSettings object of a container inspection: its published ports and addresses.</summary>
/// <param name="Ports">Container port and protocol (<c>80/tcp</c>) → host bindings; null for a port that is exposed
/// but not published.</param>
/// <param name="IpAddress">The default bridge network's address (deprecated by the API, absent in newer ones).</param>
/// <param name="GlobalIpv6Address">The default bridge network's IPv6 address (as <paramref name="IpAddress"/>).</param>
/// <param name="Networks">Network name → the container's endpoint in it.</param>
internal sealed record DockerNetworkSettings(
    [property: JsonPropertyName("Ports")] IReadOnlyDictionary<string, IReadOnlyList<DockerPortBinding>?>? Ports,
    [property: JsonPropertyName("IPAddress")] string? IpAddress,
    [property: JsonPropertyName("GlobalIPv6Address")] string? GlobalIpv6Address,
    [property: JsonPropertyName("Networks")] IReadOnlyDictionary<string, DockerEndpoint?>? Networks);
