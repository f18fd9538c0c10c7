using System.Buffers;

namespace Packetflix.Capture;

/// <summary>
/// Puts the packets of several interfaces into one timestamp order. Each interface's kernel ring hands packets
/// over in order, but in blocks: a quiet TPACKET_V3 ring retires its block only after its timeout
/// (<c>CaptureInterfaceOpener</c>: 10 ms), so a packet of one interface can arrive after later packets of
/// another. The merger holds every packet until it is <see cref="Window"/> old (by the packet's own kernel
/// timestamp against the wall clock), then releases packets oldest first. A packet older than the newest one
/// already released cannot be put in order any more: <see cref="TryAdd"/> refuses it and the caller writes it
/// at once and counts it (docs/api.md, "Time order"); nothing is dropped. Memory is bounded by
/// <see cref="MaxBufferedBytes"/>: above it the oldest packets go out early.
/// </summary>
/// <remarks>Used only by the capture thread; not thread-safe.</remarks>
internal sealed class TimestampMerger
{
    private readonly PriorityQueue<MergedPacket, (ulong Timestamp, long Sequence)> _queue = new();
    private readonly ulong _windowNanoseconds;
    private long _sequence;
    private long _bufferedBytes;

    public TimestampMerger(TimeSpan window, long maxBufferedBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(window.Ticks);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxBufferedBytes);
        Window = window;
        MaxBufferedBytes = maxBufferedBytes;
        _windowNanoseconds = (ulong)window.Ticks * 100UL;
    }

    public TimeSpan Window { get; }

    public long MaxBufferedBytes { get; }

    /// <summary>Timestamp of the newest packet released so far; anything older is late.</summary>
    public ulong LastReleased { get; private set; }

    public int Count => _queue.Count;

    /// <summary>Holds a copy of the packet, or returns false when it is late (older than <see cref="LastReleased"/>).</summary>
    public bool TryAdd(CaptureInterface iface, ulong timestamp, ReadOnlySpan<byte> data, uint originalLength)
    {
        if (timestamp < LastReleased)
        {
            return false;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(1, data.Length));
        data.CopyTo(buffer);
        // The sequence keeps packets with equal timestamps in arrival order (one interface's order is the kernel's).
        _queue.Enqueue(new MergedPacket(iface, timestamp, buffer, data.Length, originalLength), (timestamp, _sequence++));
        _bufferedBytes += data.Length;
        return true;
    }

    /// <summary>The oldest packet, if it is due at <paramref name="nowNanoseconds"/> (or the buffer is over its
    /// bound, or <paramref name="all"/>).</summary>
    public bool TryTake(ulong nowNanoseconds, bool all, out MergedPacket packet)
    {
        if (!_queue.TryPeek(out packet, out var key)
            || !(all || _bufferedBytes > MaxBufferedBytes || key.Timestamp + _windowNanoseconds <= nowNanoseconds))
        {
            packet = default;
            return false;
        }

        _queue.Dequeue();
        _bufferedBytes -= packet.CapturedLength;
        LastReleased = Math.Max(LastReleased, packet.Timestamp);
        return true;
    }

    /// <summary>When the oldest held packet becomes due, in wall-clock nanoseconds; null when nothing is held.</summary>
    public ulong? NextDue => _queue.TryPeek(out _, out var key) ? key.Timestamp + _windowNanoseconds : null;

    /// <summary>Gives a released packet's buffer back.</summary>
    public static void Return(in MergedPacket packet) => ArrayPool<byte>.Shared.Return(packet.Buffer);
}
