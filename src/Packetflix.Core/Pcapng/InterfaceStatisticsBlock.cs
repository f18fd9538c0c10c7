namespace Packetflix.Core.Pcapng;

/// <summary>An Interface Statistics Block (draft-ietf-opsawg-pcapng §4.6).</summary>
/// <param name="InterfaceId">Index of the IDB in the current section.</param>
/// <param name="Timestamp">Time the statistics were taken, in units of the interface's if_tsresol.</param>
/// <param name="Statistics">The counters present in the block.</param>
public sealed record InterfaceStatisticsBlock(uint InterfaceId, ulong Timestamp, InterfaceStatistics Statistics)
    : PcapngBlock(PcapngConstants.InterfaceStatisticsBlockType);
