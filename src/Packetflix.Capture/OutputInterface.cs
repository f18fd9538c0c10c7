namespace Packetflix.Capture;

/// <summary>One interface's counters as one consumer's stream sees them (docs/api.md, "Accounting"). The capture thread
/// writes them, the consumer adds <see cref="Delivered"/>, others read them through <see cref="CaptureSession.Statistics"/>.
/// Several streams can share one capture (docs/architecture.md, "Shared captures"): each counts only what happened
/// while it was joined, so <c>KernelReceived = Captured + KernelDropped + what was left in the ring</c> holds per stream.</summary>
internal sealed class OutputInterface
{
    /// <summary>Packets offered to this stream: read from the ring (and out of the reordering window) while it was joined.</summary>
    public long Captured;

    /// <summary>Bytes of packet data of <see cref="Captured"/>.</summary>
    public long CapturedBytes;

    /// <summary>Packets written into this stream. A statistics block in the stream carries this as <c>isb_usrdeliv</c>: it
    /// follows exactly these packets, so a consumer that hands over every block in order hands over this many before it.</summary>
    public long Written;

    /// <summary>Packets the consumer handed to its client (<see cref="CaptureSession.RecordDelivered"/>).</summary>
    public long Delivered;

    /// <summary>Packets not written because this stream's buffer was full while another stream of the same capture kept
    /// the ring moving (cause slow-client). A capture with one stream stops reading its ring instead (cause kernel).</summary>
    public long DroppedByUs;

    /// <summary>Packets received for this stream but never written: left in the ring or held for reordering when it ended.</summary>
    public long LeftAtEnd;

    /// <summary>Packets written but never handed over: still buffered when the stream ended.</summary>
    public long DroppedAtSessionEnd;

    /// <summary>Packets written out of timestamp order, later than the reordering window (docs/api.md, "Time order").</summary>
    public long Late;

    /// <summary>Kernel statistics (pcap_stats) since this stream joined; a stream that joins a running capture starts with
    /// the packets already waiting in the ring, which it will be offered.</summary>
    public long KernelReceived;

    public long KernelDropped;

    public long InterfaceDropped;
}
