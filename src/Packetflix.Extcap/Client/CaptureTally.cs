using System.Globalization;
using Packetflix.Core.Pcapng;

namespace Packetflix.Extcap.Client;

/// <summary>
/// The service's latest interface statistics blocks (pcapng §4.6), one per interface: the drop counts the CLI's
/// final summary prints. The final blocks (with <c>isb_endtime</c>) replace the periodic ones, so after a clean end
/// the figures are the session's exact totals (docs/api.md, "Accounting").
/// </summary>
internal sealed class CaptureTally
{
    private const string OurDropPrefix = "packetflix dropped ";

    private readonly Dictionary<uint, (long Kernel, long Ours, long Delivered, bool Final)> _interfaces = [];

    /// <summary>isb_osdrop + isb_ifdrop over every interface: packets lost before the service saw them.</summary>
    public long KernelDropped => _interfaces.Values.Sum(c => c.Kernel);

    /// <summary>Packets the service captured but did not deliver (slow-client and session-end drops, from the ISB comment).</summary>
    public long PacketflixDropped => _interfaces.Values.Sum(c => c.Ours);

    /// <summary>isb_usrdeliv over every interface: packets the service handed to our socket.</summary>
    public long Delivered => _interfaces.Values.Sum(c => c.Delivered);

    /// <summary>Every interface seen has sent its final statistics block.</summary>
    public bool Final => _interfaces.Count > 0 && _interfaces.Values.All(c => c.Final);

    /// <summary>Any statistics block arrived at all.</summary>
    public bool Any => _interfaces.Count > 0;

    public void Record(uint interfaceId, InterfaceStatistics statistics)
    {
        _interfaces[interfaceId] = (
            (long)((statistics.OsDropped ?? 0) + (statistics.InterfaceDropped ?? 0)),
            ParseOurDrops(statistics.Comment),
            (long)(statistics.UserDelivered ?? 0),
            statistics.EndTime is not null);
    }

    /// <summary>Sums the "packetflix dropped N ..." items of an ISB comment (docs/api.md, "Accounting": "; "-separated,
    /// "packetflix dropped N packets because the client did not keep up", "packetflix dropped N buffered packets at
    /// session end").</summary>
    public static long ParseOurDrops(string? comment)
    {
        if (string.IsNullOrEmpty(comment))
        {
            return 0;
        }

        long total = 0;
        foreach (var item in comment.Split("; "))
        {
            if (!item.StartsWith(OurDropPrefix, StringComparison.Ordinal))
            {
                continue;
            }

            var rest = item.AsSpan(OurDropPrefix.Length);
            var space = rest.IndexOf(' ');
            if (space > 0 && long.TryParse(rest[..space], NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                total += n;
            }
        }

        return total;
    }
}
