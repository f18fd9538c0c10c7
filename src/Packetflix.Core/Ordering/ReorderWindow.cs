namespace Packetflix.Core.Ordering;

/// <summary>The reordering window of <see cref="TimestampMerger{T}"/> that the capture engine and the client's merge of
/// several hosts both use (docs/api.md, "Time order"; docs/clients.md, "Several hosts").</summary>
public static class ReorderWindow
{
    /// <summary>Twice the TPACKET_V3 block timeout (10 ms) plus the poll and batching slack, so a packet on a quiet
    /// interface still arrives within it.</summary>
    public const int DefaultMilliseconds = 25;

    public static TimeSpan Default => TimeSpan.FromMilliseconds(DefaultMilliseconds);
}
