namespace Packetflix.Core.Pcapng;

/// <summary>
/// What a pcapng walker or <see cref="PcapngReader.TryReadBlock(ReadOnlyMemory{byte}, ref PcapngReaderState, out PcapngBlock?, out int)"/>
/// must remember between blocks: whether a section has started and its byte order (draft-ietf-opsawg-pcapng §4.1).
/// </summary>
public struct PcapngReaderState
{
    /// <summary>Whether a Section Header Block has been read, so <see cref="BigEndian"/> is known.</summary>
    public bool InSection { get; set; }

    /// <summary>Whether the current section is big-endian.</summary>
    public bool BigEndian { get; set; }

    /// <summary>The state for data that starts inside a little-endian section whose SHB was read elsewhere, such as a
    /// stream cut on block boundaries that Packetflix wrote itself.</summary>
    public static PcapngReaderState InLittleEndianSection => new() { InSection = true, BigEndian = false };
}
