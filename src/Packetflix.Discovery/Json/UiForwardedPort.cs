using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>A host port forwarded into a container of this netns.</summary>
public sealed record UiForwardedPort(
    [property: JsonPropertyName("proto")] string Proto,
    [property: JsonPropertyName("host-address")] string HostAddress,
    [property: JsonPropertyName("host-port")] int HostPort,
    [property: JsonPropertyName("container")] string? Container,
    [property: JsonPropertyName("container-address")] string ContainerAddress,
    [property: JsonPropertyName("container-port")] int ContainerPort,
    [property: JsonPropertyName("source")] string Source,
    [property: JsonPropertyName("pid")] int Pid);
