namespace Packetflix.Capture;

/// <summary>
/// Process-wide capture counters, all in this one place; the server exports them as <c>System.Diagnostics.Metrics</c>
/// instruments on <c>/metrics</c> (docs/api.md, "Metrics"). The capture thread publishes its deltas once per loop
/// iteration, so the per-packet path touches only thread-local fields; consumers publish what they handed to their
/// clients once per message. Every captured packet ends up in exactly one of <see cref="PacketsDelivered"/>,
/// <see cref="PacketsDroppedSlowConsumer"/> and <see cref="PacketsDroppedSessionEnd"/> once its session ended.
/// Exporters read these totals when scraped, so what <c>/metrics</c> shows is exact, not sampled.
/// </summary>
public static class CaptureMetrics
{
    private static long _sessionsStarted;
    private static long _sessionsActive;
    private static long _packetsCaptured;
    private static long _bytesCaptured;
    private static long _packetsDelivered;
    private static long _bytesDelivered;
    private static long _packetsDroppedSlowConsumer;
    private static long _packetsDroppedSessionEnd;
    private static long _packetsDroppedKernel;

    public static long SessionsStarted => Interlocked.Read(ref _sessionsStarted);

    public static long SessionsActive => Interlocked.Read(ref _sessionsActive);

    /// <summary>Packets libpcap handed to a capture thread.</summary>
    public static long PacketsCaptured => Interlocked.Read(ref _packetsCaptured);

    /// <summary>Bytes of packet data (captured lengths) of <see cref="PacketsCaptured"/>.</summary>
    public static long BytesCaptured => Interlocked.Read(ref _bytesCaptured);

    /// <summary>Packets handed to a client's socket (WebSocket message sent, download body flushed).</summary>
    public static long PacketsDelivered => Interlocked.Read(ref _packetsDelivered);

    /// <summary>pcapng bytes of the Enhanced Packet Blocks counted in <see cref="PacketsDelivered"/>.</summary>
    public static long BytesDelivered => Interlocked.Read(ref _bytesDelivered);

    /// <summary>Drop cause <c>slow-client</c>: the stream's buffer was full while another session sharing the capture kept
    /// the ring moving, so the capture thread did not write them. A session alone on its capture stops reading instead
    /// (the kernel then drops, cause kernel). Counted per session, like every count here.</summary>
    public static long PacketsDroppedSlowConsumer => Interlocked.Read(ref _packetsDroppedSlowConsumer);

    /// <summary>Drop cause <c>session-end</c>: written into the stream but still buffered when the session ended.</summary>
    public static long PacketsDroppedSessionEnd => Interlocked.Read(ref _packetsDroppedSessionEnd);

    /// <summary>Drop cause <c>kernel</c>: the kernel's capture buffer was full (pcap_stats ps_drop).</summary>
    public static long PacketsDroppedKernel => Interlocked.Read(ref _packetsDroppedKernel);

    internal static void SessionStarted()
    {
        Interlocked.Increment(ref _sessionsStarted);
        Interlocked.Increment(ref _sessionsActive);
    }

    internal static void SessionEnded() => Interlocked.Decrement(ref _sessionsActive);

    internal static void AddCaptured(long captured, long bytes, long droppedSlowConsumer)
    {
        Add(ref _packetsCaptured, captured);
        Add(ref _bytesCaptured, bytes);
        Add(ref _packetsDroppedSlowConsumer, droppedSlowConsumer);
    }

    internal static void AddDelivered(long packets, long bytes)
    {
        Add(ref _packetsDelivered, packets);
        Add(ref _bytesDelivered, bytes);
    }

    internal static void AddDroppedSessionEnd(long dropped) => Add(ref _packetsDroppedSessionEnd, dropped);

    internal static void AddKernelDrops(long dropped) => Add(ref _packetsDroppedKernel, dropped);

    private static void Add(ref long counter, long delta)
    {
        if (delta != 0)
        {
            Interlocked.Add(ref counter, delta);
        }
    }
}
