using Packetflix.Core.Ordering;

namespace Packetflix.Capture;

/// <summary>The capture loop's side of Core's <see cref="TimestampMerger{T}"/>: with more than one interface every packet
/// goes through the merger, held until it is <see cref="CaptureOptions.ReorderWindow"/> old by its own kernel timestamp
/// against the wall clock; with one it is written at once, as before.</summary>
internal sealed partial class CaptureEngine
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

            WritePacket(iface, timestamp, data, originalLength, late: true, atEnd: false);
            return;
        }

        WritePacket(iface, timestamp, data, originalLength, late: false, atEnd: false);
    }

    /// <summary>Writes the held packets that are due (all of them with <paramref name="all"/>), oldest first. While every
    /// consumer is behind they stay held (nothing new is read then, so the merger does not grow); only at the end of
    /// the capture (<paramref name="all"/>) are the ones a stream cannot take any more counted, cause session-end.</summary>
    private void ReleaseMerged(bool all)
    {
        if (_merger is null || _merger.Count == 0)
        {
            return;
        }

        var now = NowNanoseconds();
        _pausedSinceCheck = true;
        while (true)
        {
            if ((!all && !CanStillRead()) || !_merger.TryTake(now, all, out var packet))
            {
                return;
            }

            try
            {
                WritePacket(packet.Interface, packet.Timestamp, packet.Data, packet.OriginalLength, late: false, atEnd: all);
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

    /// <summary>Offers a packet to every stream: each writes it or, when it cannot take it now, counts it (dropped, cause
    /// slow-client; at the end, left).</summary>
    private void WritePacket(CaptureInterface iface, ulong timestamp, ReadOnlySpan<byte> data, uint originalLength, bool late,
        bool atEnd)
    {
        iface.Offered++;
        foreach (var output in _outputs)
        {
            _pausedSinceCheck |= output.Offer(iface.Id, timestamp, data, originalLength, late, atEnd);
        }
    }

    private ulong NowNanoseconds() => CaptureOutput.UnixNanoseconds(_time.GetUtcNow());
}
