using System.Text.Json.Serialization;

namespace Packetflix.Discovery.Engines.Docker;

[JsonSerializable(typeof(DockerVersion))]
[JsonSerializable(typeof(DockerSystemInfo))]
[JsonSerializable(typeof(IReadOnlyList<DockerContainerSummary>))]
[JsonSerializable(typeof(DockerContainerInspect))]
[JsonSerializable(typeof(DockerEvent))]
internal sealed partial class DockerJsonContext : JsonSerializerContext;
