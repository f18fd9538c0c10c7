namespace Packetflix.Linux;

/// <summary>
/// One packet returned by <see cref="SafePcapHandle.NextPacket"/>. <see cref="Data"/> points into libpcap's ring
/// and stays valid only until the next read on the same handle (pcap_next_ex(3PCAP)).
/// </summary>
public readonly ref struct PcapPacket
{
    public PcapPacket(ulong timestampNanoseconds, uint originalLength, ReadOnlySpan<byte> data)
    {
        TimestampNanoseconds = timestampNanoseconds;
        OriginalLength = originalLength;
        Data = data;
    }

    /// <summary>Nanoseconds since the epoch (the handle was opened with nanosecond precision).</summary>
    public ulong TimestampNanoseconds { get; }

    /// <summary>The packet's length on the wire (pcap_pkthdr.len).</summary>
    public uint OriginalLength { get; }

    /// <summary>The captured bytes (pcap_pkthdr.caplen of them).</summary>
    public ReadOnlySpan<byte> Data { get; }
}
