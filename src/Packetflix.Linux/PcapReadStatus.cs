namespace Packetflix.Linux;

/// <summary>What a non-blocking read of a libpcap handle gave (pcap_next_ex(3PCAP) return codes).</summary>
public enum PcapReadStatus
{
    /// <summary>No packet is waiting.</summary>
    None,

    /// <summary>A packet was read.</summary>
    Packet,

    /// <summary>The handle failed (e.g. the interface went away); <see cref="SafePcapHandle.LastError"/> says why.</summary>
    Error,
}
