using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>A network interface in <c>/json</c>.</summary>
public sealed record UiInterface(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("operstate")] string OperState,
    [property: JsonPropertyName("mac")] string Mac,
    [property: JsonPropertyName("mtu")] int Mtu,
    [property: JsonPropertyName("master")] UiInterfaceRef? Master,
    [property: JsonPropertyName("peer")] UiPeer? Peer,
    [property: JsonPropertyName("link")] UiLink? Link,
    [property: JsonPropertyName("addresses")] UiAddresses Addresses);
