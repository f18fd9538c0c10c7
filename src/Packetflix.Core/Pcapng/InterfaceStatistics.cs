namespace Packetflix.Core.Pcapng;

/// <summary>
/// The optional counters of an Interface Statistics Block (draft-ietf-opsawg-pcapng §4.6).
/// A <see langword="null"/> value means the option is absent.
/// </summary>
public sealed record InterfaceStatistics
{
    /// <summary>isb_starttime: capture start, in units of the interface's timestamp resolution.</summary>
    public ulong? StartTime { get; init; }

    /// <summary>isb_endtime: capture end, in units of the interface's timestamp resolution.</summary>
    public ulong? EndTime { get; init; }

    /// <summary>isb_ifrecv: packets received from the physical interface.</summary>
    public ulong? InterfaceReceived { get; init; }

    /// <summary>isb_ifdrop: packets dropped by the interface for lack of resources.</summary>
    public ulong? InterfaceDropped { get; init; }

    /// <summary>isb_filteraccept: packets accepted by the capture filter.</summary>
    public ulong? FilterAccepted { get; init; }

    /// <summary>isb_osdrop: packets dropped by the operating system.</summary>
    public ulong? OsDropped { get; init; }

    /// <summary>isb_usrdeliv: packets delivered to the user.</summary>
    public ulong? UserDelivered { get; init; }

    /// <summary>opt_comment of the block.</summary>
    public string? Comment { get; init; }
}
