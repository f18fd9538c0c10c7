using Packetflix.Core.Ordering;
using Packetflix.Core.Pcapng;

namespace Packetflix.Capture;

/// <summary>The capture loop's side of Core's <see cref="TimestampMerger{T}"/>: with more than one interface every packet
/// goes through the merger, held until it is <see cref="CaptureOptions.ReorderWindow"/> old by its own kernel timestamp
/// against the wall clock; with one it is written at once, as before.</summary>
public sealed partial class CaptureSession
{
    private TimestampMerger<MergedPacket>? _merger;

    private void CreateMerger()
    {
        if (_interfaces.Count > 1 && _options.ReorderWindow > TimeSpan.Zero)
        {
            _merger = NewMerger();
        }
    }

    private TimestampMerger<MergedPacket> NewMerger() => new(_options.ReorderWindow, _options.PauseWriterThreshold);

    /// <summary>A packet read from <paramref name="iface"/>: held for ordering, or (single interface, or later than the
    /// window) written now.</summary>
    private void Accept(CaptureInterface iface, ulong timestamp, ReadOnlySpan<byte> data, uint originalLength)
    {
        if (_merger is not null)
        {
            // Late packets are refused before their bytes are copied. The window counts from the packet's own timestamp.
            if (!_merger.IsLate(timestamp))
            {
                var packet = MergedPacket.Copy(iface, timestamp, data, originalLength);
                if (_merger.TryAdd(packet, timestamp, data.Length, heldFrom: timestamp))
                {
                    return;
                }

                packet.Return();
            }

            iface.Late++;
        }

        WritePacket(iface, timestamp, data, originalLength);
    }

    /// <summary>Writes the held packets that are due (all of them with <paramref name="all"/>), oldest first. While the
    /// consumer is behind they stay held (nothing new is read then, so the merger does not grow); only at the end of
    /// the session (<paramref name="all"/>) are the ones that cannot be written any more counted, cause session-end.</summary>
    private void ReleaseMerged(bool all)
    {
        if (_merger is null || _merger.Count == 0)
        {
            return;
        }

        var now = NowNanoseconds();
        while (true)
        {
            var blocked = Paused && !TryResume();
            if ((blocked && !all) || !_merger.TryTake(now, all, out var packet))
            {
                return;
            }

            try
            {
                if (blocked)
                {
                    packet.Interface.LeftAtEnd++;
                    continue;
                }

                WritePacket(packet.Interface, packet.Timestamp, packet.Data, packet.OriginalLength);
            }
            finally
            {
                packet.Return();
            }
        }
    }

    /// <summary>Milliseconds until the oldest held packet is due, at most <paramref name="limit"/>.</summary>
    private int MergeTimeout(int limit)
    {
        if (_merger?.NextDue is not { } due)
        {
            return limit;
        }

        var now = NowNanoseconds();
        var wait = due <= now ? 0 : (long)((due - now) / 1_000_000UL) + 1;
        return (int)Math.Min(limit, wait);
    }

    private void WritePacket(CaptureInterface iface, ulong timestamp, ReadOnlySpan<byte> data, uint originalLength)
    {
        PcapngBlockWriter.WriteEnhancedPacket(_out, iface.Id, timestamp, data, originalLength);
        iface.Written++;
        _bytesSinceFlush += PcapngBlockWriter.EnhancedPacketBlockLength(data.Length);
        MarkUnflushed();
        // Bounds the overshoot above the pause threshold to half the session buffer (docs/api.md, "Memory").
        if (_bytesSinceFlush >= Math.Min(FlushEveryBytes, _options.PauseWriterThreshold / 2))
        {
            Flush();
        }
    }
}
