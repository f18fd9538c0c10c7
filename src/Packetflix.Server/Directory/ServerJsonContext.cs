using System.Text.Json.Serialization;

namespace Packetflix.Server.Directory;

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(MobysharkDocument))]
internal sealed partial class ServerJsonContext : JsonSerializerContext;
