using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Packetflix.Capture.Tests;

/// <summary>The stream's flush timing as the capture thread's poll(2) timeout sees it.</summary>
public sealed class CaptureOutputTests
{
    [Theory]
    [InlineData(-20_000, 20)]
    [InlineData(-1_000, 1)]
    [InlineData(-500, 1)]
    [InlineData(-1, 1)]
    [InlineData(0, 0)]
    [InlineData(2_000, 0)]
    public void FlushTimeout_BatchPending_RoundsUpToTheMillisecondItIsDue(int microsecondsAfterDue, int expected)
    {
        // The header is pending from the start; the batch is due FlushDelay later. Rounded down, the last millisecond
        // was a run of zero timeouts: poll(2) returning at once, a busy loop until the flush.
        var time = new FakeTimeProvider();
        var output = new CaptureOutput("t", new CaptureOptions(), description: null, time, NullLogger.Instance);
        time.Advance(CaptureOutput.FlushDelay + TimeSpan.FromMicroseconds(microsecondsAfterDue));

        Assert.Equal(expected, output.FlushTimeout(time.GetTimestamp(), limit: 100));
    }

    [Fact]
    public void FlushTimeout_NothingPending_IsTheLimit()
    {
        var time = new FakeTimeProvider();
        var output = new CaptureOutput("t", new CaptureOptions(), description: null, time, NullLogger.Instance);
        output.Flush();

        Assert.Equal(100, output.FlushTimeout(time.GetTimestamp(), limit: 100));
    }

    [Fact]
    public void Offer_AfterAQuietSpell_FlushedAtOnceAndLaterPacketsBatched()
    {
        var time = new FakeTimeProvider();
        var output = new CaptureOutput("t", new CaptureOptions(), description: null, time, NullLogger.Instance);
        output.AddInterface(waiting: 0);
        var packet = new byte[60];

        // The first packet of the stream goes out at once (a capture's first packet, a ping).
        output.Offer(0, 1, packet, 60, late: false, atEnd: false);
        Assert.True(output.Reader.TryRead(out var first));
        output.Reader.AdvanceTo(first.Buffer.End);

        // One right behind it waits for the batch to be due.
        time.Advance(TimeSpan.FromMilliseconds(1));
        output.Offer(0, 2, packet, 60, late: false, atEnd: false);
        Assert.False(output.Reader.TryRead(out _));
        time.Advance(CaptureOutput.FlushDelay);
        output.FlushIfDue(time.GetTimestamp());
        Assert.True(output.Reader.TryRead(out var batch));
        output.Reader.AdvanceTo(batch.Buffer.End);

        // After a quiet spell as long as the batching delay, the next packet goes out at once again.
        time.Advance(CaptureOutput.FlushDelay);
        output.Offer(0, 3, packet, 60, late: false, atEnd: false);
        Assert.True(output.Reader.TryRead(out var again));
        output.Reader.AdvanceTo(again.Buffer.End);
    }

    [Theory]
    [InlineData(4 * 1024 * 1024, 1024 * 1024)]
    [InlineData(256 * 1024, 128 * 1024)]
    public void Offer_BatchReachesItsSize_FlushedBeforeTheDelayInSegmentSizedRunsOfWholeBlocks(int sessionBuffer, int flushBytes)
    {
        // A batch ends at 1 MiB or half the session buffer, whichever is less, not at a segment: at a few hundred kpps
        // the delay, not the size, ends it, and it goes out as few messages (one per pipe segment).
        var time = new FakeTimeProvider();
        var options = new CaptureOptions { PauseWriterThreshold = sessionBuffer, ResumeWriterThreshold = sessionBuffer / 2 };
        var output = new CaptureOutput("t", options, description: null, time, NullLogger.Instance);
        output.AddInterface(waiting: 0);
        output.Offer(0, 0, new byte[60], 60, late: false, atEnd: false);
        Assert.True(output.Reader.TryRead(out var first));
        output.Reader.AdvanceTo(first.Buffer.End);
        time.Advance(TimeSpan.FromMilliseconds(1));

        var packet = new byte[1442];
        var block = Core.Pcapng.PcapngBlockWriter.EnhancedPacketBlockLength(packet.Length);
        var written = 0;
        while (written + block < flushBytes)
        {
            output.Offer(0, 1, packet, 1442, late: false, atEnd: false);
            written += block;
            Assert.False(output.Reader.TryRead(out _), $"flushed after {written} bytes");
        }

        output.Offer(0, 1, packet, 1442, late: false, atEnd: false);
        Assert.True(output.Reader.TryRead(out var batch));
        Assert.Equal(written + block, batch.Buffer.Length);
        var segments = 0;
        foreach (var segment in batch.Buffer)
        {
            Assert.InRange(segment.Length, 1, SegmentPool.SegmentBytes);
            Assert.Equal(0, segment.Length % block);
            segments++;
        }

        // Segments are filled up to less than one block (the first also holds the header and the first packet).
        Assert.InRange(segments, 1, (int)(batch.Buffer.Length / (SegmentPool.SegmentBytes - (2 * block))) + 1);
        output.Reader.AdvanceTo(batch.Buffer.End);
    }
}
