using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>A veth peer, possibly in another netns.</summary>
public sealed record UiPeer(
    [property: JsonPropertyName("netns")] ulong Netns,
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("name")] string Name);
