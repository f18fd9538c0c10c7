using System.Buffers;
using Packetflix.Core.Pcapng;

namespace Packetflix.Server.CaptureApi;

/// <summary>Walks the capture pipe's blocks with Core's walkers. The pipe only ever holds little-endian sections that we
/// wrote (docs/api.md), so data cut anywhere on a block boundary is walked as if inside such a section; an SHB in it
/// still sets the byte order from its magic (pcapng §4.1). Every send walks every block it sends, so the walk is
/// sequential (never from the start again per block) and runs over a segment's span where it can.</summary>
internal static class PipeBlocks
{
    /// <summary>A walker over pipe data that starts on a block boundary.</summary>
    public static PcapngSequenceWalker Walk(ReadOnlySequence<byte> buffer) => new(buffer, PcapngReaderState.InLittleEndianSection);

    /// <summary>A walker over one segment's bytes that start on a block boundary.</summary>
    public static PcapngBlockWalker Walk(ReadOnlySpan<byte> span) => new(span, PcapngReaderState.InLittleEndianSection);
}
