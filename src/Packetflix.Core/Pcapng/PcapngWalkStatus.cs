namespace Packetflix.Core.Pcapng;

/// <summary>What a pcapng block walker found at its position.</summary>
public enum PcapngWalkStatus
{
    /// <summary>A whole, well-framed block; the walker moved past it.</summary>
    Block,

    /// <summary>No bytes are left: the data ended on a block boundary.</summary>
    End,

    /// <summary>The data ends inside a block; the walker stays where it is so the caller can retry with more.</summary>
    NeedMoreData,

    /// <summary>The bytes are not pcapng as draft-ietf-opsawg-pcapng frames it; the walker stays where it is.</summary>
    Malformed,
}
