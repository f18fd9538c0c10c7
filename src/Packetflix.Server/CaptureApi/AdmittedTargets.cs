using Packetflix.Core.Pcapng;

namespace Packetflix.Server.CaptureApi;

/// <summary>The admitted part of a multi-target request (docs/api.md, "Several targets"): every target that resolved
/// and passed the gate, with its label, and (with <c>partial=1</c>) the ones that did not resolve.</summary>
internal sealed record AdmittedTargets(
    CaptureParameters Parameters,
    IReadOnlyList<(string Label, ResolvedCapture Capture)> Targets,
    IReadOnlyList<UnresolvedTargetEntry> Unresolved,
    bool Several);
