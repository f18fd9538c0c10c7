namespace Packetflix.Core.Pcapng;

/// <summary>The block type codes the walkers and readers interpret (draft-ietf-opsawg-pcapng §4, §11.1).</summary>
public static class PcapngBlockTypes
{
    /// <summary>Section Header Block (§4.1).</summary>
    public const uint SectionHeader = PcapngConstants.SectionHeaderBlockType;

    /// <summary>Interface Description Block (§4.2).</summary>
    public const uint InterfaceDescription = PcapngConstants.InterfaceDescriptionBlockType;

    /// <summary>Enhanced Packet Block (§4.3).</summary>
    public const uint EnhancedPacket = PcapngConstants.EnhancedPacketBlockType;

    /// <summary>Interface Statistics Block (§4.6).</summary>
    public const uint InterfaceStatistics = PcapngConstants.InterfaceStatisticsBlockType;
}
