using Packetflix.Core.Targets;

namespace Packetflix.Extcap.Cli;

/// <summary>What a selection picks on one of several hosts (<see cref="TargetSelection.SelectOnHost"/>).</summary>
/// <param name="Targets">The targets to capture there, in order, each once.</param>
/// <param name="Found">The names this host has.</param>
/// <param name="LabelMatched">Some target there carries every <c>--label</c>.</param>
internal sealed record HostSelection(IReadOnlyList<CaptureTarget> Targets, IReadOnlyList<string> Found, bool LabelMatched);
