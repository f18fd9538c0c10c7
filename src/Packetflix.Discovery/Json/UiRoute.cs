using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>A route of a netns in <c>/json</c> (RTM_GETROUTE, rtnetlink(7)).</summary>
public sealed record UiRoute(
    [property: JsonPropertyName("family")] string Family,
    [property: JsonPropertyName("dst")] string Destination,
    [property: JsonPropertyName("gateway")] string? Gateway,
    [property: JsonPropertyName("dev")] string? Device,
    [property: JsonPropertyName("table")] uint Table,
    [property: JsonPropertyName("metric")] uint Metric,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("protocol")] string Protocol);
