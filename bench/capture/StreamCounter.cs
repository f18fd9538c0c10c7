using System.Globalization;
using Packetflix.Core.Pcapng;

namespace Packetflix.Bench.Capture;

/// <summary>
/// Counts a pcapng stream without copying packet data: EPBs, bytes, the time to the first EPB, and the statistics
/// of the last ISB (pcapng draft §4.6: isb_osdrop, isb_usrdeliv, and our drop counts in its comment, docs/api.md
/// "Accounting"). Blocks may arrive split across reads; an incomplete tail is kept for the next one. A malformed
/// block makes the stream invalid (the bench fails on it).
/// </summary>
internal sealed class StreamCounter(long startTimestamp)
{
    private readonly byte[] _buffer = new byte[8 * 1024 * 1024];
    private int _fill;
    private PcapngReaderState _section;

    public long Packets { get; private set; }

    public long Bytes { get; private set; }

    public long OsDropped { get; private set; }

    public long UserDelivered { get; private set; } = -1;

    public long SlowClientDrops { get; private set; }

    public long SessionEndDrops { get; private set; }

    public bool SawHeader { get; private set; }

    public bool SawFinalStatistics { get; private set; }

    public double FirstPacketMilliseconds { get; private set; } = -1;

    /// <summary>Time to the first IDB: the session is open and its ring set up; what follows is the wait for a packet.</summary>
    public double HeaderMilliseconds { get; private set; } = -1;

    public string? Malformation { get; private set; }

    public Memory<byte> FreeSpace => _buffer.AsMemory(_fill);

    /// <summary>Accounts <paramref name="count"/> bytes just written into <see cref="FreeSpace"/>.</summary>
    public void Advance(int count)
    {
        _fill += count;
        Bytes += count;
        var walker = new PcapngBlockWalker(_buffer.AsSpan(0, _fill), _section);
        PcapngWalkStatus status;
        while ((status = walker.ReadNext(out var block)) == PcapngWalkStatus.Block)
        {
            Count(block);
        }

        if (status == PcapngWalkStatus.Malformed)
        {
            Malformation ??= walker.Malformation.ToString();
        }

        _section = walker.State;
        var rest = walker.Remaining;
        rest.CopyTo(_buffer);
        _fill = rest.Length;
        if (_fill == _buffer.Length)
        {
            Malformation ??= "a block larger than the bench client's buffer";
            _fill = 0;
        }
    }

    public string Summary() => string.Create(CultureInfo.InvariantCulture,
        $"packets={Packets} bytes={Bytes} isb_osdrop={OsDropped} isb_usrdeliv={UserDelivered} slow_client_drops={SlowClientDrops} session_end_drops={SessionEndDrops} final_isb={(SawFinalStatistics ? 1 : 0)} first_epb_ms={FirstPacketMilliseconds:0.0} header_ms={HeaderMilliseconds:0.0} valid={(Malformation is null ? 1 : 0)}");

    private void Count(PcapngBlockView block)
    {
        if (block.Type == PcapngBlockTypes.EnhancedPacket)
        {
            if (Packets++ == 0)
            {
                FirstPacketMilliseconds = System.Diagnostics.Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
            }
        }
        else if (block.Type == PcapngBlockTypes.InterfaceDescription)
        {
            if (!SawHeader)
            {
                HeaderMilliseconds = System.Diagnostics.Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;
            }

            SawHeader = true;
        }
        else if (block.Type == PcapngBlockTypes.InterfaceStatistics)
        {
            if (!block.TryReadStatistics(out var statistics, out var malformation))
            {
                Malformation ??= malformation.ToString();
                return;
            }

            ReadStatistics(statistics);
        }
    }

    private void ReadStatistics(InterfaceStatistics statistics)
    {
        OsDropped = (long)(statistics.OsDropped ?? (ulong)OsDropped);
        UserDelivered = statistics.UserDelivered is { } delivered ? (long)delivered : UserDelivered;
        SawFinalStatistics |= statistics.EndTime is not null;
        foreach (var item in (statistics.Comment ?? "").Split("; "))
        {
            // "packetflix dropped <N> packets because the client did not keep up",
            // "packetflix dropped <N> buffered packets at session end" (docs/api.md, "Accounting").
            var words = item.Split(' ');
            if (words.Length < 4 || words[1] != "dropped" || !long.TryParse(words[2], CultureInfo.InvariantCulture, out var n))
            {
                continue;
            }

            if (item.EndsWith("did not keep up", StringComparison.Ordinal))
            {
                SlowClientDrops = n;
            }
            else if (item.EndsWith("at session end", StringComparison.Ordinal))
            {
                SessionEndDrops = n;
            }
        }
    }
}
