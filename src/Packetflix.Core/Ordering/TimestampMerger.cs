namespace Packetflix.Core.Ordering;

/// <summary>
/// Puts items of several sources into one timestamp order with a bounded reordering window. Each source delivers in
/// order, but sources deliver at different moments: a quiet TPACKET_V3 ring retires its block only after its timeout
/// (the capture engine), a remote service sends its packets in batches (the client's merge of several hosts). The
/// merger holds every item until it is due, <see cref="Window"/> after the moment the caller gives for it (the
/// packet's own kernel timestamp for the capture engine, the arrival time for a client), then releases items oldest
/// timestamp first. An item older than the newest one already released cannot be put in order any more:
/// <see cref="TryAdd"/> refuses it and the caller writes it at once, out of order, and counts it (docs/api.md, "Time
/// order"); nothing is dropped. Memory is bounded by <see cref="MaxBufferedBytes"/>: above it the oldest items go out
/// early.
/// </summary>
/// <typeparam name="T">What is held; the caller owns any buffer it refers to.</typeparam>
/// <remarks>Not thread-safe: one producer and consumer, or a lock around it.</remarks>
public sealed class TimestampMerger<T>
{
    private readonly PriorityQueue<Held, (ulong Timestamp, long Sequence)> _queue = new();
    private readonly ulong _windowNanoseconds;
    private long _sequence;

    /// <param name="window">How long an item is held after the moment given with it.</param>
    /// <param name="maxBufferedBytes">Above this many held bytes the oldest items are released before they are due.</param>
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

    /// <summary>Timestamp of the newest item released so far; anything older is late.</summary>
    public ulong LastReleased { get; private set; }

    /// <summary>Items held.</summary>
    public int Count => _queue.Count;

    /// <summary>The sizes given with the held items, summed.</summary>
    public long BufferedBytes { get; private set; }

    /// <summary>When the oldest held item becomes due, in the caller's nanoseconds; null when nothing is held.</summary>
    public ulong? NextDue => _queue.TryPeek(out var held, out _) ? held.HeldFrom + _windowNanoseconds : null;

    /// <summary>Whether an item with this timestamp would be late (older than <see cref="LastReleased"/>).</summary>
    public bool IsLate(ulong timestamp) => timestamp < LastReleased;

    /// <summary>Holds <paramref name="item"/>, or returns false when it is late (older than <see cref="LastReleased"/>).</summary>
    /// <param name="item">The item.</param>
    /// <param name="timestamp">Its timestamp, in nanoseconds: the order it is released in.</param>
    /// <param name="size">Its size, counted against <see cref="MaxBufferedBytes"/>.</param>
    /// <param name="heldFrom">The moment, in the clock <see cref="TryTake"/> is given, from which the window counts.</param>
    public bool TryAdd(T item, ulong timestamp, int size, ulong heldFrom)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(size);
        if (IsLate(timestamp))
        {
            return false;
        }

        // The sequence keeps items with equal timestamps in arrival order (one source's order is its own).
        _queue.Enqueue(new Held(item, timestamp, size, heldFrom), (timestamp, _sequence++));
        BufferedBytes += size;
        return true;
    }

    /// <summary>The oldest item, if it is due at <paramref name="nowNanoseconds"/> (or the buffer is over its bound, or
    /// <paramref name="all"/>).</summary>
    public bool TryTake(ulong nowNanoseconds, bool all, out T item)
    {
        if (!_queue.TryPeek(out var held, out _)
            || !(all || BufferedBytes > MaxBufferedBytes || held.HeldFrom + _windowNanoseconds <= nowNanoseconds))
        {
            item = default!;
            return false;
        }

        _queue.Dequeue();
        BufferedBytes -= held.Size;
        LastReleased = Math.Max(LastReleased, held.Timestamp);
        item = held.Item;
        return true;
    }

    private readonly record struct Held(T Item, ulong Timestamp, int Size, ulong HeldFrom);
}
