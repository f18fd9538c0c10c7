using System.Buffers;
using Packetflix.Core.Pcapng;
using Packetflix.Server.CaptureApi;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.CaptureApi;

/// <summary>What a sent message reports as delivered: its EPBs and their bytes per interface, however the message lies
/// in the pipe's segments.</summary>
public sealed class DeliveredBlocksTests
{
    [Fact]
    public void Count_OneSegment_EpbsPerInterface()
    {
        var (data, _, expected) = Blocks();

        var (packets, bytes) = Count(new ReadOnlySequence<byte>(data));

        Assert.Equal(expected.Packets, packets);
        Assert.Equal(expected.Bytes, bytes);
    }

    [Fact]
    public void Count_SegmentsCutInsideBlocks_SameCounts()
    {
        var (data, ends, expected) = Blocks();
        // Cuts 5 bytes before some blocks end: inside the trailer, and inside the next block's header.
        int[] cuts = [.. ends.Where((_, i) => i % 3 == 2 && i < ends.Count - 1).SelectMany(e => new[] { e - 5, e + 3 })];

        var (packets, bytes) = Count(BufferSegment.Split(data, cuts));

        Assert.Equal(expected.Packets, packets);
        Assert.Equal(expected.Bytes, bytes);
    }

    [Fact]
    public void Count_InterfaceBeyondTheSession_NotCounted()
    {
        var writer = new ArrayBufferWriter<byte>();
        PcapngBlockWriter.WriteEnhancedPacket(writer, 5, 1, new byte[60], 60);
        PcapngBlockWriter.WriteEnhancedPacket(writer, 0, 2, new byte[60], 60);

        var (packets, _) = Count(new ReadOnlySequence<byte>(writer.WrittenMemory));

        Assert.Equal([1L, 0L], packets);
    }

    private static (long[] Packets, long[] Bytes) Count(ReadOnlySequence<byte> message)
    {
        var packets = new long[2];
        var bytes = new long[2];
        DeliveredBlocks.Count(message, packets, bytes);
        return (packets, bytes);
    }

    /// <summary>An SHB, two IDBs, EPBs of several sizes alternating between the interfaces and an ISB between them.</summary>
    internal static (byte[] Data, List<int> Ends, (long[] Packets, long[] Bytes) Expected) Blocks()
    {
        var writer = new ArrayBufferWriter<byte>();
        var ends = new List<int>();
        long[] packets = [0, 0];
        long[] bytes = [0, 0];
        PcapngBlockWriter.WriteSectionHeader(writer, "test", os: "Linux", userApplication: "test");
        ends.Add(writer.WrittenCount);
        for (uint i = 0; i < 2; i++)
        {
            PcapngBlockWriter.WriteInterfaceDescription(writer, 1, 262144, $"eth{i}", "test", "");
            ends.Add(writer.WrittenCount);
        }

        for (var i = 0; i < 30; i++)
        {
            var id = (uint)(i % 2);
            var start = writer.WrittenCount;
            PcapngBlockWriter.WriteEnhancedPacket(writer, id, (ulong)i, new byte[60 + (i * 37)], (uint)(60 + (i * 37)));
            ends.Add(writer.WrittenCount);
            packets[id]++;
            bytes[id] += writer.WrittenCount - start;
            if (i == 10)
            {
                PcapngBlockWriter.WriteInterfaceStatistics(writer, 0, 5, new InterfaceStatistics());
                ends.Add(writer.WrittenCount);
            }
        }

        return (writer.WrittenSpan.ToArray(), ends, (packets, bytes));
    }
}
