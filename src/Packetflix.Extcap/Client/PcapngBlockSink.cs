using Packetflix.Core.Pcapng;

namespace Packetflix.Extcap.Client;

/// <summary>
/// Writes a pcapng byte stream to an output only in whole blocks, so that stopping at any moment leaves a valid file,
/// and counts packets, bytes and drops on the way. Input that is not pcapng is passed through unchanged.
/// </summary>
internal sealed class PcapngBlockSink : ICaptureSink
{
    private readonly Stream _output;
    private readonly long _packetLimit;
    private byte[] _pending = new byte[64 * 1024];
    private int _pendingLength;
    private PcapngReaderState _state;
    private bool _passThrough;

    /// <param name="output">Where complete blocks go.</param>
    /// <param name="packetLimit">Stop after this many packets (enhanced packet blocks); 0 for no limit.</param>
    public PcapngBlockSink(Stream output, long packetLimit = 0)
    {
        _output = output;
        _packetLimit = packetLimit;
    }

    public long Packets { get; private set; }

    /// <summary>Bytes written to the output.</summary>
    public long Bytes { get; private set; }

    /// <summary>The latest interface statistics blocks of every interface, periodic or final.</summary>
    public CaptureTally Tally { get; } = new();

    /// <summary>Drops reported by the latest interface statistics blocks (kernel and ours), summed over interfaces.</summary>
    public long Drops => Tally.KernelDropped + Tally.PacketflixDropped;

    /// <summary>The packet limit is reached; later input is discarded.</summary>
    public bool LimitReached => _packetLimit > 0 && Packets >= _packetLimit;

    /// <summary>Writing failed (for example, the reader of a fifo went away); later input is discarded.</summary>
    public bool OutputBroken { get; private set; }

    /// <summary>Appends a chunk, writes every complete block and flushes. Write errors set <see cref="OutputBroken"/>.</summary>
    public async ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        if (OutputBroken || LimitReached || chunk.IsEmpty)
        {
            return;
        }

        if (_passThrough)
        {
            await WriteOutAsync(chunk, cancellationToken);
            return;
        }

        Append(chunk.Span);
        var consumedTotal = ScanCompleteBlocks();
        if (consumedTotal > 0)
        {
            await WriteOutAsync(_pending.AsMemory(0, consumedTotal), cancellationToken);
        }

        if (_passThrough && _pendingLength > consumedTotal)
        {
            await WriteOutAsync(_pending.AsMemory(consumedTotal, _pendingLength - consumedTotal), cancellationToken);
            consumedTotal = _pendingLength;
        }

        _pending.AsSpan(consumedTotal, _pendingLength - consumedTotal).CopyTo(_pending);
        _pendingLength -= consumedTotal;
    }

    /// <summary>After a stop: packets are no longer written, but the service's final statistics blocks still come
    /// (docs/api.md, "Stream") and are counted and written, so the file ends with them as dumpcap's does.</summary>
    public async ValueTask WriteStatisticsOnlyAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        if (_passThrough || chunk.IsEmpty)
        {
            return;
        }

        Append(chunk.Span);
        var (consumed, statistics) = ScanStatistics();
        if (statistics.Length > 0 && !OutputBroken)
        {
            await WriteOutAsync(statistics, cancellationToken);
        }

        _pending.AsSpan(consumed, _pendingLength - consumed).CopyTo(_pending);
        _pendingLength -= consumed;
    }

    private (int Consumed, byte[] Statistics) ScanStatistics()
    {
        var walker = new PcapngBlockWalker(_pending.AsSpan(0, _pendingLength), _state);
        var statistics = new List<byte>();
        while (true)
        {
            var before = walker.Consumed;
            var status = walker.ReadNext(out var block);
            if (status != PcapngWalkStatus.Block)
            {
                // Incomplete: keep the rest for the next chunk. Malformed: nothing more to learn after the stop.
                return (status == PcapngWalkStatus.Malformed ? _pendingLength : walker.Consumed, [.. statistics]);
            }

            if (block.Type == PcapngBlockTypes.InterfaceStatistics && block.TryReadStatistics(out var counts, out _))
            {
                Tally.Record(block.InterfaceId, counts);
                statistics.AddRange(_pending.AsSpan(before, walker.Consumed - before));
            }

            _state = walker.State;
        }
    }

    /// <summary>Walks the whole blocks in the pending bytes with Core's <see cref="PcapngBlockWalker"/>, counting as it
    /// goes; returns how many bytes they take. A block that is not pcapng as we know it switches to pass-through.</summary>
    private int ScanCompleteBlocks()
    {
        var walker = new PcapngBlockWalker(_pending.AsSpan(0, _pendingLength), _state);
        while (!LimitReached)
        {
            var before = walker.Consumed;
            var status = walker.ReadNext(out var block);
            if (status == PcapngWalkStatus.Malformed || (status == PcapngWalkStatus.Block && !Count(block)))
            {
                // Not pcapng as we know it: hand it on untouched rather than lose it.
                _passThrough = true;
                return before;
            }

            if (status != PcapngWalkStatus.Block)
            {
                break;
            }

            _state = walker.State;
        }

        return walker.Consumed;
    }

    /// <summary>Counts a packet or takes an ISB's drop counters; false when the block's options are malformed
    /// (pcapng §3.5, §4.6).</summary>
    private bool Count(PcapngBlockView block)
    {
        switch (block.Type)
        {
            case PcapngBlockTypes.EnhancedPacket:
                Packets++;
                return true;
            case PcapngBlockTypes.InterfaceStatistics:
                if (!block.TryReadStatistics(out var statistics, out _))
                {
                    return false;
                }

                Tally.Record(block.InterfaceId, statistics);
                return true;
            case PcapngBlockTypes.SectionHeader or PcapngBlockTypes.InterfaceDescription:
                return block.HasWellFormedOptions(out _);
            default:
                return true;
        }
    }

    private void Append(ReadOnlySpan<byte> chunk)
    {
        if (_pendingLength + chunk.Length > _pending.Length)
        {
            Array.Resize(ref _pending, Math.Max(_pending.Length * 2, _pendingLength + chunk.Length));
        }

        chunk.CopyTo(_pending.AsSpan(_pendingLength));
        _pendingLength += chunk.Length;
    }

    private async ValueTask WriteOutAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
    {
        try
        {
            await _output.WriteAsync(data, cancellationToken);
            await _output.FlushAsync(cancellationToken);
            Bytes += data.Length;
        }
        catch (IOException)
        {
            OutputBroken = true;
        }
        catch (ObjectDisposedException)
        {
            OutputBroken = true;
        }
    }
}
