namespace Packetflix.Capture;

/// <summary>What pcap_stats counted on one interface between two reads: received (passed the filter), dropped by the
/// kernel (ring full) and by the interface.</summary>
internal readonly record struct KernelStatisticsDelta(long Received, long Dropped, long InterfaceDropped);
