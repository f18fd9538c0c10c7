using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>The lower device of a macvlan, ipvlan, vlan or tunnel, or a vxlan's underlay; possibly in another netns.</summary>
public sealed record UiLink(
    [property: JsonPropertyName("netns")] ulong Netns,
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("name")] string? Name);
