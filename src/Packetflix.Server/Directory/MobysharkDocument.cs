using System.Text.Json.Serialization;
using Packetflix.Core.Targets;

namespace Packetflix.Server.Directory;

/// <summary>The body of Ghostwire's <c>GET /mobyshark</c>; only the targets matter here.</summary>
internal sealed class MobysharkDocument
{
    [JsonPropertyName("containers")]
    public List<CaptureTarget>? Containers { get; set; }
}
