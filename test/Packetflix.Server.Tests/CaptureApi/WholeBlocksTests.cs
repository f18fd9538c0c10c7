using System.Buffers;
using Packetflix.Server.CaptureApi;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.CaptureApi;

/// <summary>How much of the pipe a download with a packet limit sends: whole blocks only, and nothing after the packet
/// that reaches the limit.</summary>
public sealed class WholeBlocksTests
{
    [Fact]
    public void WholeBlocks_LimitInsideTheBuffer_StopsRightAfterThatPacket()
    {
        var (data, ends) = Blocks(10);

        var (length, packets, limitReached) = CaptureDownloadEndpoint.WholeBlocks(new ReadOnlySequence<byte>(data), remaining: 4);

        // SHB, IDB, then the 4th EPB ends at ends[5].
        Assert.Equal((ends[5], 4L, true), (length, packets, limitReached));
    }

    [Fact]
    public void WholeBlocks_BufferEndsInsideABlock_OnlyTheWholeOnesBeforeIt()
    {
        var (data, ends) = Blocks(10);
        var cut = BufferSegment.Split(data[..(ends[7] + 9)], ends[3] + 5);

        var (length, packets, limitReached) = CaptureDownloadEndpoint.WholeBlocks(cut, remaining: 100);

        Assert.Equal((ends[7], 6L, false), (length, packets, limitReached));
    }

    private static (byte[] Data, List<int> Ends) Blocks(int packets) => TestSection.Blocks(packets, i => 60 + i);
}
