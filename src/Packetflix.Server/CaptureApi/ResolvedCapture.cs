using Packetflix.Core.Targets;

namespace Packetflix.Server.CaptureApi;

/// <summary>A validated capture request: the target (possibly refreshed) and what to capture on it.</summary>
internal sealed record ResolvedCapture(
    CaptureTarget Target,
    IReadOnlyList<string> Interfaces,
    string? Filter,
    bool Chaste,
    int SnapLength);
