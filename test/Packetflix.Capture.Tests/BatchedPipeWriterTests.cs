using System.Buffers;
using System.IO.Pipelines;
using Packetflix.Core.Pcapng;

namespace Packetflix.Capture.Tests;

/// <summary>The capture thread's batched writer: what was written reaches the reader in order and whole, only after a
/// commit, and no block straddles a pipe segment.</summary>
public sealed class BatchedPipeWriterTests
{
    [Fact(Timeout = 30_000)]
    public async Task Commit_ManyBlocksThenFlush_ReaderGetsThemWholeAndNoneStraddlesASegment()
    {
        // Segments the size of the sessions', but not from their SegmentPool: that pool is shared, and a test holding
        // its segments would make SegmentPoolTests, running beside it, allocate.
        var pipe = new Pipe(new PipeOptions(minimumSegmentSize: SegmentPool.SegmentBytes, pauseWriterThreshold: 0,
            useSynchronizationContext: false));
        var writer = new BatchedPipeWriter(pipe.Writer);
        var expected = new ArrayBufferWriter<byte>();
        for (var i = 0; i < 2000; i++)
        {
            // 60..1500-byte packets: many segments' worth, with block ends at every offset.
            var data = new byte[60 + (i * 53 % 1440)];
            data.AsSpan().Fill((byte)i);
            PcapngBlockWriter.WriteEnhancedPacket(writer, 0, (ulong)i, data, (uint)data.Length);
            PcapngBlockWriter.WriteEnhancedPacket(expected, 0, (ulong)i, data, (uint)data.Length);
        }

        // The pipe is told at each new segment and at the commit, not per block: the blocks of the current
        // segment are still pending.
        Assert.InRange(expected.WrittenCount - pipe.Writer.UnflushedBytes, 1, SegmentPool.SegmentBytes);
        writer.Commit();
        Assert.Equal(expected.WrittenCount, pipe.Writer.UnflushedBytes);
        var ct = TestContext.Current.CancellationToken;
        await pipe.Writer.FlushAsync(ct);
        await pipe.Writer.CompleteAsync();

        var result = await pipe.Reader.ReadAsync(ct);
        while (!result.IsCompleted)
        {
            pipe.Reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
            result = await pipe.Reader.ReadAsync(ct);
        }

        Assert.Equal(expected.WrittenSpan.ToArray(), result.Buffer.ToArray());
        Assert.True(result.Buffer.Length > 2 * SegmentPool.SegmentBytes);
        foreach (var segment in result.Buffer)
        {
            // Each segment holds whole blocks only.
            var walker = new PcapngBlockWalker(segment.Span, PcapngReaderState.InLittleEndianSection);
            while (walker.ReadNext(out _) == PcapngWalkStatus.Block)
            {
            }

            Assert.Equal(segment.Length, walker.Consumed);
        }

        pipe.Reader.AdvanceTo(result.Buffer.End);
        await pipe.Reader.CompleteAsync();
    }

    [Fact]
    public void Advance_MoreThanTheMemoryGiven_Throws()
    {
        var pipe = new Pipe();
        var writer = new BatchedPipeWriter(pipe.Writer);
        var length = writer.GetSpan(16).Length;

        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(length + 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => writer.Advance(-1));
    }
}
