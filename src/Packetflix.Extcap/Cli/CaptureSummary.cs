using System.Globalization;
using Packetflix.Extcap.Client;

namespace Packetflix.Extcap.Cli;

/// <summary>
/// The line the CLI prints on stderr whenever a capture ends, terminal or not, in the manner of tcpdump(8)'s
/// "N packets captured ... N packets dropped by kernel": scripts and benchmarks read it.
/// </summary>
internal static class CaptureSummary
{
    /// <summary>
    /// <c>N packets captured, N dropped by the kernel, N dropped by packetflix</c>: captured = packets written to the
    /// output; the drops come from the service's latest (after a clean end: final) interface statistics blocks,
    /// <c>isb_osdrop</c> + <c>isb_ifdrop</c> and the slow-client and session-end counts of their comment
    /// (docs/api.md, "Accounting"). Further lines say what else the figures need to add up.
    /// </summary>
    public static IReadOnlyList<string> Lines(PcapngBlockSink sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var tally = sink.Tally;
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"{sink.Packets} packets captured, {tally.KernelDropped} dropped by the kernel, {tally.PacketflixDropped} dropped by packetflix"),
        };

        // The service delivered packets that were on their way when we stopped (or past -c): received, not written.
        var notWritten = tally.Delivered - sink.Packets;
        if (tally.Final && notWritten > 0)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture,
                $"{notWritten} more packets arrived after the stop and were not written"));
        }

        if (!tally.Final)
        {
            lines.Add(tally.Any
                ? "(no final statistics from the service: drop counts are from its last periodic report)"
                : "(no statistics from the service: drop counts unknown)");
        }

        return lines;
    }
}
