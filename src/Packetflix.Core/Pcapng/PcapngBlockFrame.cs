namespace Packetflix.Core.Pcapng;

/// <summary>Type, total length and byte order of a block whose framing has been read (draft-ietf-opsawg-pcapng §3.1).</summary>
internal readonly record struct PcapngBlockFrame(uint Type, int Length, bool BigEndian)
{
    public EndianReader Reader => new(BigEndian);
}
