using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>An interface's addresses by family.</summary>
public sealed record UiAddresses(
    [property: JsonPropertyName("ipv4")] IReadOnlyList<UiAddress> Ipv4,
    [property: JsonPropertyName("ipv6")] IReadOnlyList<UiAddress> Ipv6);
