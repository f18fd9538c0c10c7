namespace Packetflix.Capture;

/// <summary>
/// Process-wide capture counters for <c>/metrics</c>. Sessions publish deltas once per loop iteration, so the
/// per-packet path touches only thread-local fields.
/// </summary>
internal static class CaptureMetrics
{
    private static long _sessionsStarted;
    private static long _sessionsActive;
    private static long _packetsCaptured;
    private static long _packetsDelivered;
    private static long _bytesDelivered;
    private static long _packetsDroppedSlowConsumer;
    private static long _packetsDroppedKernel;

    public static long SessionsStarted => Interlocked.Read(ref _sessionsStarted);

    public static long SessionsActive => Interlocked.Read(ref _sessionsActive);

    public static long PacketsCaptured => Interlocked.Read(ref _packetsCaptured);

    public static long PacketsDelivered => Interlocked.Read(ref _packetsDelivered);

    public static long BytesDelivered => Interlocked.Read(ref _bytesDelivered);

    public static long PacketsDroppedSlowConsumer => Interlocked.Read(ref _packetsDroppedSlowConsumer);

    public static long PacketsDroppedKernel => Interlocked.Read(ref _packetsDroppedKernel);

    public static void SessionStarted()
    {
        Interlocked.Increment(ref _sessionsStarted);
        Interlocked.Increment(ref _sessionsActive);
    }

    public static void SessionEnded() => Interlocked.Decrement(ref _sessionsActive);

    public static void AddPackets(long captured, long delivered, long bytes, long droppedSlowConsumer)
    {
        if (captured != 0)
        {
            Interlocked.Add(ref _packetsCaptured, captured);
        }

        if (delivered != 0)
        {
            Interlocked.Add(ref _packetsDelivered, delivered);
            Interlocked.Add(ref _bytesDelivered, bytes);
        }

        if (droppedSlowConsumer != 0)
        {
            Interlocked.Add(ref _packetsDroppedSlowConsumer, droppedSlowConsumer);
        }
    }

    public static void AddKernelDrops(long dropped)
    {
        if (dropped != 0)
        {
            Interlocked.Add(ref _packetsDroppedKernel, dropped);
        }
    }
}
