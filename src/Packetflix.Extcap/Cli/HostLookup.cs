using Packetflix.Core.Targets;
using Packetflix.Extcap.Client;

namespace Packetflix.Extcap.Cli;

/// <summary>One host's discovery answer for a merge of several, or why there is none.</summary>
internal sealed record HostLookup(HostSelection? Selection, IReadOnlyList<CaptureTarget> Targets, IReadOnlyList<LabelledTarget> Labelled,
    string? Error);
