using Packetflix.Core.Pcapng;
using Packetflix.Tests.Common;

namespace Packetflix.Core.Tests.Pcapng;

/// <summary>Counts bytes allocated on the test's own thread, not time: the walkers must allocate nothing per block.</summary>
public sealed class PcapngWalkerAllocationTests
{
    private const int PacketCount = 10_000;

    [Fact]
    public void SpanWalker_TenThousandPackets_AllocatesNothing()
    {
        var data = PcapngSamples.Packets(PacketCount, 60);
        Assert.Equal(PacketCount, WalkSpan(data)); // warm up (JIT, statics) outside the measurement

        // The least of three, as in ReadAll_LargerPackets_AllocateNoMorePerPacket: a per-block allocation is in each.
        var allocated = long.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var packets = WalkSpan(data);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(PacketCount, packets);
        }

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void SequenceWalker_TenThousandPacketsAcrossSegments_AllocatesNothing()
    {
        var data = PcapngSamples.Packets(PacketCount, 60);
        // Cuts that fall inside headers, packet data and trailers.
        var sequence = BufferSegment.Split(data, [.. Enumerable.Range(1, 200).Select(i => i * ((data.Length / 201) + 1) - 3)]);
        Assert.Equal(PacketCount, WalkSequence(sequence));

        var allocated = long.MaxValue;
        for (var i = 0; i < 3; i++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            var packets = WalkSequence(sequence);
            allocated = Math.Min(allocated, GC.GetAllocatedBytesForCurrentThread() - before);
            Assert.Equal(PacketCount, packets);
        }

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ReadAll_LargerPackets_AllocateNoMorePerPacket()
    {
        var small = PcapngSamples.Packets(PacketCount, 60);
        var large = PcapngSamples.Packets(PacketCount, 1500);
        PcapngReader.ReadAll(small);
        PcapngReader.ReadAll(large);

        // The least of three: a one-off allocation on this thread (a tier-up of the reader mid-run, a lazily made
        // static) lands in one measurement only, where a per-packet copy would be in every one (seen under
        // stress-ng: the small run once cost 4 KB more than the large one).
        var smallBytes = Enumerable.Range(0, 3).Min(_ => Allocated(small));
        var largeBytes = Enumerable.Range(0, 3).Min(_ => Allocated(large));

        // Copying packet data would cost 1440 more bytes for each of the packets; slices cost the same.
        Assert.InRange(largeBytes - smallBytes, -1024, 1024);
        Assert.InRange(smallBytes / PacketCount, 1, 128);
    }

    private static long Allocated(byte[] data)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        var blocks = PcapngReader.ReadAll(data);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(PacketCount + 2, blocks.Count);
        return allocated;
    }

    private static int WalkSpan(byte[] data)
    {
        var packets = 0;
        ulong checksum = 0;
        var walker = new PcapngBlockWalker(data);
        while (walker.ReadNext(out var block) == PcapngWalkStatus.Block)
        {
            if (block.Type == PcapngBlockTypes.EnhancedPacket)
            {
                packets++;
                checksum += block.InterfaceId + block.Timestamp + block.PacketData[^1];
            }

            foreach (var option in block.Options)
            {
                checksum += option.Code;
            }
        }

        // Checked by the caller, outside the measurement: an assertion may allocate.
        return walker.ReadNext(out _) == PcapngWalkStatus.End && checksum != 0 ? packets : -1;
    }

    private static int WalkSequence(System.Buffers.ReadOnlySequence<byte> data)
    {
        var packets = 0;
        ulong checksum = 0;
        Span<byte> scratch = stackalloc byte[256];
        var walker = new PcapngSequenceWalker(data);
        while (walker.ReadNext(out var block) == PcapngWalkStatus.Block)
        {
            var view = block.GetView(scratch);
            if (view.Type == PcapngBlockTypes.EnhancedPacket)
            {
                packets++;
                checksum += view.InterfaceId + view.Timestamp + view.PacketData[^1];
            }
        }

        // Checked by the caller, outside the measurement: an assertion may allocate.
        return walker.ReadNext(out _) == PcapngWalkStatus.End && checksum != 0 ? packets : -1;
    }
}
