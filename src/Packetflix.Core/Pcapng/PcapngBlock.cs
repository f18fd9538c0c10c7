namespace Packetflix.Core.Pcapng;

/// <summary>A parsed pcapng block (draft-ietf-opsawg-pcapng §3.1).</summary>
/// <param name="BlockType">The block type code.</param>
public abstract record PcapngBlock(uint BlockType);
