using Packetflix.Core.Pcapng;
using Packetflix.Extcap.Client;

namespace Packetflix.Extcap.Cli;

/// <summary>One host's part of a merge of several: its position among the <c>--host</c>s and its capture request.</summary>
/// <param name="Index">Its position on the command line.</param>
/// <param name="Request">What it captures.</param>
internal sealed record HostPlan(int Index, CaptureRequest Request)
{
    /// <summary>What <c>--partial</c> left out (on the first plan only: they go into the merged SHB comment).</summary>
    public IReadOnlyList<UnresolvedTargetEntry> Skipped { get; init; } = [];
}
