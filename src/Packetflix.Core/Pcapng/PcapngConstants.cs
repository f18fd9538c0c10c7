namespace Packetflix.Core.Pcapng;

/// <summary>Block types, option codes and sizes from draft-ietf-opsawg-pcapng.</summary>
internal static class PcapngConstants
{
    /// <summary>Section Header Block type (§4.1); a palindrome, so it reads the same in both byte orders.</summary>
    public const uint SectionHeaderBlockType = 0x0A0D0D0A;

    /// <summary>Interface Description Block type (§4.2).</summary>
    public const uint InterfaceDescriptionBlockType = 0x00000001;

    /// <summary>Interface Statistics Block type (§4.6).</summary>
    public const uint InterfaceStatisticsBlockType = 0x00000005;

    /// <summary>Enhanced Packet Block type (§4.3).</summary>
    public const uint EnhancedPacketBlockType = 0x00000006;

    /// <summary>Byte-order magic of the SHB (§4.1), written in the section's own byte order.</summary>
    public const uint ByteOrderMagic = 0x1A2B3C4D;

    /// <summary>Section length "unknown" (§4.1: -1 means the length is not specified).</summary>
    public const long UnknownSectionLength = -1;

    /// <summary>opt_endofopt (§3.5): code 0, length 0.</summary>
    public const ushort OptEndOfOpt = 0;

    /// <summary>opt_comment (§3.5), valid in every block.</summary>
    public const ushort OptComment = 1;

    /// <summary>shb_hardware (§4.1).</summary>
    public const ushort ShbHardware = 2;

    /// <summary>shb_os (§4.1).</summary>
    public const ushort ShbOs = 3;

    /// <summary>shb_userappl (§4.1).</summary>
    public const ushort ShbUserApplication = 4;

    /// <summary>if_name (§4.2).</summary>
    public const ushort IfName = 2;

    /// <summary>if_description (§4.2).</summary>
    public const ushort IfDescription = 3;

    /// <summary>if_tsresol (§4.2).</summary>
    public const ushort IfTsResol = 9;

    /// <summary>if_filter (§4.2).</summary>
    public const ushort IfFilter = 11;

    /// <summary>isb_starttime (§4.6).</summary>
    public const ushort IsbStartTime = 2;

    /// <summary>isb_endtime (§4.6).</summary>
    public const ushort IsbEndTime = 3;

    /// <summary>isb_ifrecv (§4.6).</summary>
    public const ushort IsbIfRecv = 4;

    /// <summary>isb_ifdrop (§4.6).</summary>
    public const ushort IsbIfDrop = 5;

    /// <summary>isb_filteraccept (§4.6).</summary>
    public const ushort IsbFilterAccept = 6;

    /// <summary>isb_osdrop (§4.6).</summary>
    public const ushort IsbOsDrop = 7;

    /// <summary>isb_usrdeliv (§4.6).</summary>
    public const ushort IsbUsrDeliv = 8;

    /// <summary>if_tsresol default when the option is absent: 10^-6 s (§4.2).</summary>
    public const byte DefaultTimestampResolution = 6;

    /// <summary>Block type plus leading and trailing block total length (§3.1).</summary>
    public const int BlockOverhead = 12;

    /// <summary>Smallest valid SHB: the 12 framing bytes, magic, version and section length (§4.1).</summary>
    public const int MinimumSectionHeaderLength = 28;

    /// <summary>Fixed part of an EPB: framing plus interface id, timestamp and both lengths (§4.3).</summary>
    public const int EnhancedPacketFixedLength = 32;

    /// <summary>Rounds up to the 32-bit alignment every block body and option value needs (§3.1, §3.5).</summary>
    public static int Pad4(int length) => (length + 3) & ~3;
}
