using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>An IP address with prefix length.</summary>
public sealed record UiAddress(
    [property: JsonPropertyName("address")] string Address,
    [property: JsonPropertyName("prefixlen")] int PrefixLength);
