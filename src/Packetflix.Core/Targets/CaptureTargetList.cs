using System.Text.Json.Serialization;

namespace Packetflix.Core.Targets;

/// <summary>The body of Ghostwire's <c>GET /mobyshark</c> (and ours): capture targets; metadata is not needed here.</summary>
public sealed class CaptureTargetList
{
    [JsonPropertyName("containers")]
    public List<CaptureTarget>? Containers { get; set; }
}
