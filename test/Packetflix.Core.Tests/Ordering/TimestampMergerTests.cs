using Packetflix.Core.Ordering;

namespace Packetflix.Core.Tests.Ordering;

/// <summary>Core's timestamp merger, shared by the capture engine (window from the packet's timestamp) and the client's
/// merge of several hosts (window from the arrival time).</summary>
public sealed class TimestampMergerTests
{
    private const ulong Ms = 1_000_000UL;

    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(ReorderWindow.DefaultMilliseconds);

    [Fact]
    public void TryTake_InterleavedSources_ReleasesOldestTimestampFirstOnceDue()
    {
        var merger = new TimestampMerger<string>(Window, 1 << 20);
        Assert.True(merger.TryAdd("a30", 30 * Ms, 10, heldFrom: 100 * Ms));
        Assert.True(merger.TryAdd("a10", 10 * Ms, 10, heldFrom: 100 * Ms));
        Assert.True(merger.TryAdd("b20", 20 * Ms, 10, heldFrom: 101 * Ms));

        Assert.False(merger.TryTake(124 * Ms, all: false, out _));
        Assert.Equal(125 * Ms, merger.NextDue);
        var released = new List<string>();
        while (merger.TryTake(200 * Ms, all: false, out var item))
        {
            released.Add(item);
        }

        Assert.Equal(["a10", "b20", "a30"], released);
        Assert.Equal(30 * Ms, merger.LastReleased);
        Assert.Equal(0, merger.Count);
        Assert.Null(merger.NextDue);
    }

    [Fact]
    public void TryAdd_OlderThanReleased_IsLateAndRefused()
    {
        var merger = new TimestampMerger<int>(Window, 1 << 20);
        Assert.True(merger.TryAdd(1, 50 * Ms, 10, heldFrom: 0));
        Assert.True(merger.TryTake((ulong)Window.Ticks * 100UL, all: false, out _));

        Assert.True(merger.IsLate(49 * Ms));
        Assert.False(merger.TryAdd(2, 49 * Ms, 10, heldFrom: 0));
        Assert.False(merger.IsLate(50 * Ms));
        Assert.True(merger.TryAdd(3, 50 * Ms, 10, heldFrom: 0));
    }

    [Fact]
    public void TryTake_EqualTimestamps_KeepArrivalOrder()
    {
        var merger = new TimestampMerger<int>(Window, 1 << 20);
        for (var i = 0; i < 5; i++)
        {
            Assert.True(merger.TryAdd(i, 7 * Ms, 1, heldFrom: 0));
        }

        var released = new List<int>();
        while (merger.TryTake(0, all: true, out var item))
        {
            released.Add(item);
        }

        Assert.Equal([0, 1, 2, 3, 4], released);
    }

    [Fact]
    public void TryTake_OverTheByteBound_ReleasesOldestEarly()
    {
        var merger = new TimestampMerger<int>(Window, maxBufferedBytes: 100);
        Assert.True(merger.TryAdd(1, 1 * Ms, 60, heldFrom: 0));
        Assert.False(merger.TryTake(0, all: false, out _));
        Assert.True(merger.TryAdd(2, 2 * Ms, 60, heldFrom: 0));
        Assert.Equal(120, merger.BufferedBytes);

        Assert.True(merger.TryTake(0, all: false, out var first));
        Assert.Equal(1, first);
        Assert.False(merger.TryTake(0, all: false, out _));
        Assert.Equal(60, merger.BufferedBytes);
    }

    [Fact]
    public void NextDue_CountsFromHeldFrom_NotFromTheTimestamp()
    {
        // The client's use: a packet stamped long ago that arrived just now is still held for the whole window.
        var merger = new TimestampMerger<int>(Window, 1 << 20);
        Assert.True(merger.TryAdd(1, 5 * Ms, 1, heldFrom: 1_000 * Ms));
        Assert.Equal(1_025 * Ms, merger.NextDue);
        Assert.False(merger.TryTake(1_024 * Ms, all: false, out _));
        Assert.True(merger.TryTake(1_025 * Ms, all: false, out _));
    }
}
