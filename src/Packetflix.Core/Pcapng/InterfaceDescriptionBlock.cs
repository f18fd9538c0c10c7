using System.Text;

namespace Packetflix.Core.Pcapng;

/// <summary>An Interface Description Block (draft-ietf-opsawg-pcapng §4.2).</summary>
/// <param name="LinkType">The LINKTYPE_* value.</param>
/// <param name="SnapLength">Maximum captured bytes per packet; 0 means no limit.</param>
/// <param name="Options">The options in file order, without opt_endofopt.</param>
public sealed record InterfaceDescriptionBlock(ushort LinkType, uint SnapLength, IReadOnlyList<PcapngOption> Options)
    : PcapngBlock(PcapngConstants.InterfaceDescriptionBlockType)
{
    /// <summary>if_name, or <see langword="null"/>.</summary>
    public string? Name => PcapngOptions.FindString(Options, PcapngConstants.IfName);

    /// <summary>if_description, or <see langword="null"/>.</summary>
    public string? Description => PcapngOptions.FindString(Options, PcapngConstants.IfDescription);

    /// <summary>The text of a libpcap if_filter (kind byte 0), or <see langword="null"/>.</summary>
    public string? Filter =>
        PcapngOptions.Find(Options, PcapngConstants.IfFilter) is { } option
            && option.Value.Length > 0 && option.Value.Span[0] == 0
            ? Encoding.UTF8.GetString(option.Value.Span[1..])
            : null;

    /// <summary>if_tsresol; 6 (microseconds) when absent, as §4.2 prescribes.</summary>
    public byte TimestampResolution =>
        PcapngOptions.Find(Options, PcapngConstants.IfTsResol) is { } option && option.Value.Length > 0
            ? option.Value.Span[0]
            : PcapngConstants.DefaultTimestampResolution;
}
