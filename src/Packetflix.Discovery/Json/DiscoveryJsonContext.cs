using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Json;

/// <summary>Source-generated (reflection-free) serializers for the discovery documents.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(MobysharkDocument))]
[JsonSerializable(typeof(UiDocument))]
[JsonSerializable(typeof(ApiNamespacesDocument))]
[JsonSerializable(typeof(ApiMountsDocument))]
[JsonSerializable(typeof(ApiError))]
public sealed partial class DiscoveryJsonContext : JsonSerializerContext;
