using System.Buffers;
using Packetflix.Core.Pcapng;

namespace Packetflix.Capture;

/// <summary>This stream's accounting (docs/api.md, "Accounting"): its statistics blocks, what its consumer delivered,
/// and the settling of the counts when it ended.</summary>
internal sealed partial class CaptureOutput
{
    /// <summary>Kernel counts of interface <paramref name="id"/> since the last refresh, while this stream was joined.</summary>
    public void AddKernelStatistics(uint id, in KernelStatisticsDelta delta)
    {
        var counters = _interfaces[(int)id];
        Interlocked.Add(ref counters.KernelReceived, delta.Received);
        Interlocked.Add(ref counters.KernelDropped, delta.Dropped);
        Interlocked.Add(ref counters.InterfaceDropped, delta.InterfaceDropped);
    }

    /// <summary>Packets of interface <paramref name="id"/> this stream will never be offered (left in the ring or held
    /// when it ended): counted captured and, once settled, dropped at session end.</summary>
    public void CountLeftAtEnd(uint id, long packets, long bytes)
    {
        var counters = _interfaces[(int)id];
        counters.Captured += packets;
        counters.CapturedBytes += bytes;
        counters.LeftAtEnd += packets;
    }

    /// <summary>An in-stream statistics block: it follows exactly the packets written so far, so <c>isb_usrdeliv</c> =
    /// <see cref="OutputInterface.Written"/> is what a consumer that sends every block in order has handed over before it.</summary>
    public void WriteStatistics(CaptureInterface iface, bool final, string? comment = null)
    {
        var counters = _interfaces[(int)iface.Id];
        WriteStatistics(_out, iface, counters, final, (ulong)counters.Written, comment ?? StatisticsComment(iface, counters, 0));
        MarkUnflushed();
    }

    /// <summary>The consumer handed <paramref name="packets"/>[id] Enhanced Packet Blocks of interface id
    /// (<paramref name="bytes"/>[id] bytes of blocks) to its client; the interface list is read once, under its lock.</summary>
    public void RecordDelivered(ReadOnlySpan<long> packets, ReadOnlySpan<long> bytes)
    {
        long total = 0, totalBytes = 0;
        lock (_interfacesLock)
        {
            for (var id = 0; id < Math.Min(packets.Length, _interfaces.Count); id++)
            {
                if (packets[id] > 0)
                {
                    Interlocked.Add(ref _interfaces[id].Delivered, packets[id]);
                    total += packets[id];
                    totalBytes += bytes[id];
                }
            }
        }

        if (total > 0)
        {
            CaptureMetrics.AddDelivered(total, totalBytes);
        }
    }

    /// <summary>After <see cref="Completion"/>: settles the counts and writes every interface's final statistics block,
    /// whose <c>isb_usrdeliv</c> is exactly what the client received before it.</summary>
    public void WriteFinalStatistics(IBufferWriter<byte> writer, IReadOnlyList<CaptureInterface> interfaces)
    {
        Settle(interfaces);
        for (var id = 0; id < Math.Min(_interfaces.Count, interfaces.Count); id++)
        {
            var counters = _interfaces[id];
            WriteStatistics(writer, interfaces[id], counters, final: true, (ulong)Interlocked.Read(ref counters.Delivered),
                StatisticsComment(interfaces[id], counters, counters.DroppedAtSessionEnd));
        }
    }

    public IReadOnlyList<InterfaceCounters> Statistics(IReadOnlyList<CaptureInterface> interfaces)
    {
        var ended = _completion.Task.IsCompleted;
        lock (_interfacesLock)
        {
            var result = new List<InterfaceCounters>(_interfaces.Count);
            for (var id = 0; id < Math.Min(_interfaces.Count, interfaces.Count); id++)
            {
                var i = interfaces[id];
                var c = _interfaces[id];
                result.Add(new InterfaceCounters(i.Id, i.Name, i.NetnsInode, i.Open && !ended, Interlocked.Read(ref c.Captured),
                    Interlocked.Read(ref c.Written), Interlocked.Read(ref c.Delivered), Interlocked.Read(ref c.DroppedByUs),
                    Interlocked.Read(ref c.DroppedAtSessionEnd), Interlocked.Read(ref c.KernelReceived),
                    Interlocked.Read(ref c.KernelDropped)));
            }

            return result;
        }
    }

    /// <summary>Once the stream ended and the consumer is done: every packet written but not handed over was still
    /// buffered (in the pipe or in a send that failed) and is counted dropped, cause session-end.</summary>
    public void Settle(IReadOnlyList<CaptureInterface> interfaces)
    {
        if (!_completion.Task.IsCompleted)
        {
            throw new InvalidOperationException("the capture is still running");
        }

        if (Interlocked.Exchange(ref _settled, 1) != 0)
        {
            return;
        }

        long droppedAtEnd = 0;
        foreach (var counters in _interfaces)
        {
            var dropped = Math.Max(0, Interlocked.Read(ref counters.Written) - Interlocked.Read(ref counters.Delivered))
                + Interlocked.Read(ref counters.LeftAtEnd);
            Interlocked.Exchange(ref counters.DroppedAtSessionEnd, dropped);
            droppedAtEnd += dropped;
        }

        CaptureMetrics.AddDroppedSessionEnd(droppedAtEnd);
        var totals = Statistics(interfaces);
        CaptureLog.Ended(_logger, Id, _end.Kind, _end.Reason, totals.Sum(s => s.Captured), totals.Sum(s => s.Delivered),
            totals.Sum(s => s.DroppedByUs), droppedAtEnd, totals.Sum(s => s.KernelDropped));
    }

    /// <summary>This stream's counts since the last call reach <c>/metrics</c>; capture thread, once per loop turn.</summary>
    public void PublishMetrics()
    {
        long captured = 0, capturedBytes = 0, droppedByUs = 0, kernelDropped = 0;
        foreach (var counters in _interfaces)
        {
            captured += counters.Captured;
            capturedBytes += counters.CapturedBytes;
            droppedByUs += counters.DroppedByUs;
            kernelDropped += Interlocked.Read(ref counters.KernelDropped);
        }

        CaptureMetrics.AddCaptured(captured - _publishedCaptured, capturedBytes - _publishedCapturedBytes, droppedByUs - _publishedDroppedByUs);
        CaptureMetrics.AddKernelDrops(kernelDropped - _publishedKernelDropped);
        _publishedCaptured = captured;
        _publishedCapturedBytes = capturedBytes;
        _publishedDroppedByUs = droppedByUs;
        _publishedKernelDropped = kernelDropped;
    }

    /// <summary>The comment format is documented in docs/api.md ("Accounting"); clients parse it, keep it stable.</summary>
    private static string? StatisticsComment(CaptureInterface iface, OutputInterface counters, long droppedAtSessionEnd)
    {
        var parts = new List<string>(4);
        if (counters.DroppedByUs > 0)
        {
            parts.Add($"packetflix dropped {counters.DroppedByUs} packets because the client did not keep up");
        }

        if (droppedAtSessionEnd > 0)
        {
            parts.Add($"packetflix dropped {droppedAtSessionEnd} buffered packets at session end");
        }

        if (counters.Late > 0)
        {
            parts.Add($"packetflix wrote {counters.Late} packets out of time order, later than the reordering window");
        }

        if (iface.CloseReason is { } reason)
        {
            parts.Add($"interface closed: {reason}");
        }

        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private void WriteStatistics(IBufferWriter<byte> writer, CaptureInterface iface, OutputInterface counters, bool final,
        ulong userDelivered, string? comment)
    {
        var now = UnixNanoseconds(_time.GetUtcNow());
        var received = (ulong)Interlocked.Read(ref counters.KernelReceived);
        PcapngBlockWriter.WriteInterfaceStatistics(writer, iface.Id, now, new InterfaceStatistics
        {
            StartTime = StartNanoseconds,
            EndTime = final ? now : null,
            // Linux counts packets that passed the socket filter; the pre-filter count is unknown (packet(7),
            // PACKET_STATISTICS), so ifrecv and filteraccept carry the same kernel count.
            InterfaceReceived = received,
            FilterAccepted = received,
            InterfaceDropped = (ulong)Interlocked.Read(ref counters.InterfaceDropped),
            OsDropped = (ulong)Interlocked.Read(ref counters.KernelDropped),
            UserDelivered = userDelivered,
            Comment = comment,
        });
    }
}
