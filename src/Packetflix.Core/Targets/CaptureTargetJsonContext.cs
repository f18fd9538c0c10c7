using System.Text.Json.Serialization;

namespace Packetflix.Core.Targets;

/// <summary>Source-generated (reflection-free, AOT-safe) JSON metadata for <see cref="CaptureTarget"/>.</summary>
[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(CaptureTarget))]
[JsonSerializable(typeof(CaptureTargetList))]
[JsonSerializable(typeof(List<CaptureTarget>))]
internal sealed partial class CaptureTargetJsonContext : JsonSerializerContext;
