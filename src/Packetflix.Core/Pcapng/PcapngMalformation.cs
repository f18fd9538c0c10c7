using System.Globalization;

namespace Packetflix.Core.Pcapng;

/// <summary>A malformed block, with what was read where it went wrong.</summary>
/// <param name="Error">What is wrong.</param>
/// <param name="BlockType">The block type, when it could be read.</param>
/// <param name="Value">The offending value: byte-order magic, length, trailer, captured length or option code.</param>
/// <param name="Expected">What <paramref name="Value"/> was checked against: leading length, data bytes or option length.</param>
public readonly record struct PcapngMalformation(PcapngBlockError Error, uint BlockType, long Value, long Expected)
{
    /// <summary>A sentence for error messages; only called on the error path, so it may allocate.</summary>
    public string Describe() => Error switch
    {
        PcapngBlockError.None => "pcapng data is well formed.",
        PcapngBlockError.NoSectionHeader => "pcapng data does not start with a section header block.",
        PcapngBlockError.UnknownByteOrderMagic => string.Create(CultureInfo.InvariantCulture,
            $"Invalid pcapng byte-order magic 0x{Value:X8} in section header block."),
        PcapngBlockError.InvalidLength => string.Create(CultureInfo.InvariantCulture,
            $"Invalid pcapng block length {Value} for block type 0x{BlockType:X8}."),
        PcapngBlockError.TrailerMismatch => string.Create(CultureInfo.InvariantCulture,
            $"pcapng block type 0x{BlockType:X8}: trailing length {Value} differs from leading length {Expected}."),
        PcapngBlockError.BlockTooShort => string.Create(CultureInfo.InvariantCulture,
            $"pcapng {KindName(BlockType)} block is too short ({Value} bytes)."),
        PcapngBlockError.CapturedLengthTooLarge => string.Create(CultureInfo.InvariantCulture,
            $"pcapng enhanced packet block: captured length {Value} exceeds the block's {Expected} data bytes."),
        PcapngBlockError.OptionOverrun => string.Create(CultureInfo.InvariantCulture,
            $"pcapng option {Value} with length {Expected} runs past the end of its block."),
        PcapngBlockError.StatisticsOptionSize => string.Create(CultureInfo.InvariantCulture,
            $"pcapng interface statistics option {Value} must be 8 bytes long."),
        _ => string.Create(CultureInfo.InvariantCulture, $"pcapng block type 0x{BlockType:X8} is malformed ({Error})."),
    };

    private static string KindName(uint blockType) => blockType switch
    {
        PcapngConstants.SectionHeaderBlockType => "section header",
        PcapngConstants.InterfaceDescriptionBlockType => "interface description",
        PcapngConstants.EnhancedPacketBlockType => "enhanced packet",
        PcapngConstants.InterfaceStatisticsBlockType => "interface statistics",
        _ => string.Create(CultureInfo.InvariantCulture, $"0x{blockType:X8}"),
    };
}
