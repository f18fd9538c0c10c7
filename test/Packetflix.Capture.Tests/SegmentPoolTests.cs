using System.IO.Pipelines;
using System.Runtime.InteropServices;

namespace Packetflix.Capture.Tests;

/// <summary>The session pipes' segment pool keeps the arrays a lagging client made the pipe hold (docs/benchmarks.md,
/// "Memory"): once warm, a pipe that fills to the session buffer and drains allocates no segment arrays.</summary>
public sealed class SegmentPoolTests
{
    private const int SessionBufferBytes = 4 * 1024 * 1024;

    [Fact]
    public void Rent_AfterDispose_ReusesTheArray()
    {
        var first = SegmentPool.Instance.Rent();
        Assert.True(MemoryMarshal.TryGetArray<byte>(first.Memory, out var a));
        Assert.Equal(SegmentPool.SegmentBytes, first.Memory.Length);
        first.Dispose();
        first.Dispose();

        using var second = SegmentPool.Instance.Rent(100);
        Assert.True(MemoryMarshal.TryGetArray<byte>(second.Memory, out var b));
        Assert.Same(a.Array, b.Array);
        Assert.Throws<ArgumentOutOfRangeException>(() => SegmentPool.Instance.Rent(SegmentPool.SegmentBytes + 1));
    }

    [Fact]
    public void Pipe_FilledToTheSessionBufferAndDrained_AllocatesNoSegmentArraysOnceWarm()
    {
        var pipe = new Pipe(new PipeOptions(pool: SegmentPool.Instance, minimumSegmentSize: SegmentPool.SegmentBytes,
            pauseWriterThreshold: 0, useSynchronizationContext: false));
        FillAndDrain(pipe);

        var before = GC.GetAllocatedBytesForCurrentThread();
        FillAndDrain(pipe);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        // 64 segments of 64 KiB pass through; without the pool nearly all would be new arrays (about 4 MB). What is
        // left is a small owner object per segment.
        Assert.True(allocated < 64 * 1024, $"{allocated} bytes allocated");
    }

    private static void FillAndDrain(Pipe pipe)
    {
        for (var written = 0; written < SessionBufferBytes; written += 1500)
        {
            pipe.Writer.GetSpan(1500)[..1500].Fill(0x42);
            pipe.Writer.Advance(1500);
        }

        Assert.True(pipe.Writer.FlushAsync().AsTask().IsCompletedSuccessfully);
        Assert.True(pipe.Reader.TryRead(out var result));
        Assert.True(result.Buffer.Length >= SessionBufferBytes);
        pipe.Reader.AdvanceTo(result.Buffer.End);
    }
}
