namespace Packetflix.Core.Pcapng;

/// <summary>An Enhanced Packet Block (draft-ietf-opsawg-pcapng §4.3); options are not kept.</summary>
/// <param name="InterfaceId">Index of the IDB in the current section.</param>
/// <param name="Timestamp">Time in units of the interface's if_tsresol.</param>
/// <param name="CapturedLength">Number of bytes captured.</param>
/// <param name="OriginalLength">Length of the packet on the wire.</param>
/// <param name="Data">The captured bytes, without padding.</param>
public sealed record EnhancedPacketBlock(
    uint InterfaceId, ulong Timestamp, uint CapturedLength, uint OriginalLength, ReadOnlyMemory<byte> Data)
    : PcapngBlock(PcapngConstants.EnhancedPacketBlockType);
