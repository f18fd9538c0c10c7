namespace Packetflix.Extcap.Client;

/// <summary>Where <see cref="CaptureConnection"/> puts the stream it receives: the output itself
/// (<see cref="PcapngBlockSink"/>), or one host's input of a merge of several hosts (docs/clients.md, "Several hosts").</summary>
internal interface ICaptureSink
{
    /// <summary>The packet limit is reached; later input is discarded.</summary>
    public bool LimitReached { get; }

    /// <summary>Writing failed (for example, the reader of a fifo went away); later input is discarded.</summary>
    public bool OutputBroken { get; }

    /// <summary>Takes the next chunk of the stream.</summary>
    public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken);

    /// <summary>After a stop: takes the next chunk, of which only the statistics blocks are written.</summary>
    public ValueTask WriteStatisticsOnlyAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken);
}
