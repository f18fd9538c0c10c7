using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>A network namespace in <c>/json</c>.</summary>
public sealed record UiNetns(
    [property: JsonPropertyName("netns")] ulong Netns,
    [property: JsonPropertyName("initial")] bool Initial,
    [property: JsonPropertyName("bind-mounts")] IReadOnlyList<string> BindMounts,
    [property: JsonPropertyName("containers")] IReadOnlyList<UiContainer> Containers,
    [property: JsonPropertyName("network-interfaces")] IReadOnlyList<UiInterface> NetworkInterfaces,
    [property: JsonPropertyName("routes")] IReadOnlyList<UiRoute> Routes,
    [property: JsonPropertyName("sockets")] IReadOnlyList<UiSocket>? Sockets,
    [property: JsonPropertyName("forwarded-ports")] IReadOnlyList<UiForwardedPort>? ForwardedPorts,
    [property: JsonPropertyName("partial")] bool Partial,
    [property: JsonPropertyName("reason")] string? Reason);
