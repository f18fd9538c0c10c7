namespace Packetflix.Core.Pcapng;

/// <summary>A block of a type this reader does not interpret (draft-ietf-opsawg-pcapng §3.1 says to skip it).</summary>
/// <param name="BlockType">The block type code.</param>
/// <param name="Body">The bytes between the two block length fields.</param>
public sealed record UnknownBlock(uint BlockType, ReadOnlyMemory<byte> Body) : PcapngBlock(BlockType);
