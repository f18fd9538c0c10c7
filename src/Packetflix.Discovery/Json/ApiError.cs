using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>The JSON error body of the explorer endpoints (e.g. 404 for an unknown namespace).</summary>
public sealed record ApiError([property: JsonPropertyName("error")] string Error);
