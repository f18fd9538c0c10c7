using Packetflix.Core.Targets;

namespace Packetflix.Server.Targets;

/// <summary>A list of capture targets or why it could not be fetched.</summary>
internal readonly record struct TargetListResult(IReadOnlyList<CaptureTarget>? Targets, string? Error);
