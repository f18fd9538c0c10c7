namespace Packetflix.Core.Pcapng;

/// <summary>One option of a pcapng block (draft-ietf-opsawg-pcapng §3.5), value without padding.</summary>
public readonly record struct PcapngOption(ushort Code, ReadOnlyMemory<byte> Value);
