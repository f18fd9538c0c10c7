namespace Packetflix.Core.Pcapng;

/// <summary>Why a pcapng block (or one of its options) is malformed (draft-ietf-opsawg-pcapng).</summary>
public enum PcapngBlockError
{
    /// <summary>Nothing is wrong.</summary>
    None,

    /// <summary>A block other than a Section Header Block comes before any section started (§3.1, §4.1).</summary>
    NoSectionHeader,

    /// <summary>The SHB byte-order magic is neither 0x1A2B3C4D nor its byte swap (§4.1).</summary>
    UnknownByteOrderMagic,

    /// <summary>The block total length is below 12, not a multiple of 4, or too large to address (§3.1).</summary>
    InvalidLength,

    /// <summary>The trailing block total length differs from the leading one (§3.1).</summary>
    TrailerMismatch,

    /// <summary>The block is shorter than the fixed part of its type (§4.1, §4.2, §4.3, §4.6).</summary>
    BlockTooShort,

    /// <summary>An Enhanced Packet Block's captured length runs past its packet data (§4.3).</summary>
    CapturedLengthTooLarge,

    /// <summary>An option's value runs past the end of its block (§3.5).</summary>
    OptionOverrun,

    /// <summary>An Interface Statistics Block counter option is not 8 bytes long (§4.6).</summary>
    StatisticsOptionSize,
}
