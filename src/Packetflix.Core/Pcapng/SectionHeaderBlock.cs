namespace Packetflix.Core.Pcapng;

/// <summary>A Section Header Block (draft-ietf-opsawg-pcapng §4.1).</summary>
/// <param name="BigEndian">Whether the section is big-endian, from the byte-order magic.</param>
/// <param name="MajorVersion">Format major version (1).</param>
/// <param name="MinorVersion">Format minor version (0).</param>
/// <param name="SectionLength">Section length in bytes, or -1 when unknown.</param>
/// <param name="Options">The options in file order, without opt_endofopt.</param>
public sealed record SectionHeaderBlock(
    bool BigEndian, ushort MajorVersion, ushort MinorVersion, long SectionLength, IReadOnlyList<PcapngOption> Options)
    : PcapngBlock(PcapngConstants.SectionHeaderBlockType)
{
    /// <summary>The first opt_comment, decoded as UTF-8, or <see langword="null"/>.</summary>
    public string? Comment => PcapngOptions.FindString(Options, PcapngConstants.OptComment);
}
