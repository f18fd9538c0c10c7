namespace Packetflix.Core.Pcapng;

/// <summary>What <see cref="PcapngReader.TryReadBlock"/> must remember between blocks: the current section's byte order.</summary>
public struct PcapngReaderState
{
    /// <summary>Whether a Section Header Block has been read, so <see cref="BigEndian"/> is known.</summary>
    public bool InSection { get; set; }

    /// <summary>Whether the current section is big-endian.</summary>
    public bool BigEndian { get; set; }
}
