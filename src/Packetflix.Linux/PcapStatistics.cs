namespace Packetflix.Linux;

/// <summary>pcap_stats(3PCAP) counters: received, dropped by the kernel, dropped by the interface (all wrap at 2^32).</summary>
public readonly record struct PcapStatistics(uint Received, uint Dropped, uint InterfaceDropped);
