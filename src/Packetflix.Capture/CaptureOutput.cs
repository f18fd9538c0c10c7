using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Packetflix.Core.Pcapng;

namespace Packetflix.Capture;

/// <summary>One consumer's stream of a capture: a bounded pipe of whole pcapng blocks (its own SHB and IDBs, the EPBs,
/// its own ISBs) and that stream's counters. The capture thread writes it; when the pipe reaches its pause threshold
/// the stream is paused until the consumer drained it below the resume threshold (docs/api.md, "Accounting").</summary>
internal sealed partial class CaptureOutput
{
    /// <summary>Bytes at which a batch is flushed at once, without waiting for <see cref="FlushDelay"/>; also bounds
    /// the overshoot above the pipe's pause threshold (to half the session buffer). A batch goes out as messages of up
    /// to one pipe segment each, so each flush wakes the sender (and its client) once for several messages. Large
    /// enough that at a few hundred kpps <see cref="FlushDelay"/>, not size, ends a batch (256 KiB filled in ~10 ms at
    /// 250 kpps of 60-byte frames): fewer wake-ups and messages (docs/benchmarks.md, "Bigger messages").</summary>
    private const int FlushEveryBytes = 1024 * 1024;

    /// <summary>The longest a captured packet waits to be batched with later ones. Each flush wakes the sender (a few
    /// thread hand-offs), and per-wake-up cost dominates at high packet rates, so packets are batched: against 5 ms,
    /// a fifth less service CPU per packet at 300 kpps (docs/benchmarks.md, "Per packet and per batch"). The first
    /// packet after a quiet spell goes out at once (<see cref="_flushAtOnce"/>), so a ping or the first packet of a
    /// capture is not delayed.</summary>
    internal static readonly TimeSpan FlushDelay = TimeSpan.FromMilliseconds(20);

    private readonly Pipe _pipe;

    /// <summary>Every block goes through this, never straight into <see cref="_pipe"/>.</summary>
    private readonly BatchedPipeWriter _out;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly List<OutputInterface> _interfaces = [];
    private readonly Lock _interfacesLock = new();
    private readonly TaskCompletionSource<CaptureEnd> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task<FlushResult>? _pendingFlush;
    private long _bytesSinceFlush;

    /// <summary>True when blocks were written but not flushed yet; the header counts.</summary>
    private bool _hasUnflushed = true;

    /// <summary>When the oldest unflushed block was written.</summary>
    private long _firstUnflushed;

    /// <summary>When the stream was last flushed (<see cref="TimeProvider.GetTimestamp"/>).</summary>
    private long _lastFlush;

    /// <summary>The pending batch began after a quiet spell of at least <see cref="FlushDelay"/>: its first packet is
    /// flushed at once, since no others are coming to batch it with.</summary>
    private bool _flushAtOnce = true;
    private volatile bool _stopRequested;
    private int _settled;
    private CaptureEnd _end;
    private long _publishedCaptured;
    private long _publishedCapturedBytes;
    private long _publishedDroppedByUs;
    private long _publishedKernelDropped;

    public CaptureOutput(string id, CaptureOptions options, string? description, TimeProvider time, ILogger logger)
    {
        Id = id;
        Options = options;
        Description = description;
        _time = time;
        _logger = logger;
        _pipe = new Pipe(new PipeOptions(
            pauseWriterThreshold: options.PauseWriterThreshold,
            resumeWriterThreshold: options.ResumeWriterThreshold,
            // The consumer's AdvanceTo completes a pending flush on its own thread, so a paused capture thread
            // (CaptureEngine.Backpressure) wakes at once instead of after a thread-pool hop, which on a busy
            // machine would leave the kernel ring unread for longer.
            writerScheduler: PipeScheduler.Inline,
            pool: SegmentPool.Instance,
            minimumSegmentSize: SegmentPool.SegmentBytes,
            useSynchronizationContext: false));
        _out = new BatchedPipeWriter(_pipe.Writer);
        StartNanoseconds = UnixNanoseconds(time.GetUtcNow());
        _firstUnflushed = time.GetTimestamp();
    }

    public string Id { get; }

    /// <summary>This stream's options: its section comment and session buffer; the capture's own settings are the engine's.</summary>
    public CaptureOptions Options { get; }

    /// <summary>The IDBs' <c>if_description</c> for this stream, or null for the interfaces' own.</summary>
    public string? Description { get; }

    public ulong StartNanoseconds { get; }

    public PipeReader Reader => _pipe.Reader;

    public Task<CaptureEnd> Completion => _completion.Task;

    /// <summary>True when the stream ended because its capture ended (not because it left a capture others go on with).</summary>
    public bool EndedWithCapture { get; private set; }

    /// <summary>The consumer completed its reader: nothing more can be written.</summary>
    public bool ConsumerGone { get; private set; }

    public bool StopRequested => _stopRequested;

    /// <summary>A statistics block was due while the stream was paused; it follows as soon as it resumes.</summary>
    public bool StatisticsDue { get; set; }

    public bool Paused => _pendingFlush is not null;

    /// <summary>When the stream paused (<see cref="TimeProvider.GetTimestamp"/>), while it is.</summary>
    public long PausedSince { get; private set; }

    /// <summary>Paused longer than a shared capture holds its ring for a stream: the ring is read for the others and this
    /// stream counts what it misses until its consumer caught up (docs/api.md, "Accounting").</summary>
    public bool CutLoose { get; set; }

    /// <summary>The flush that paused the stream, or null.</summary>
    public Task<FlushResult>? PendingFlush => _pendingFlush;

    /// <summary>Asks the capture thread to end this stream; idempotent.</summary>
    public void RequestStop() => _stopRequested = true;

    /// <summary>True when the stream takes blocks now (not paused, or the consumer caught up since).</summary>
    public bool CanWrite => !Paused || TryResume();

    public int InterfaceCount
    {
        get
        {
            lock (_interfacesLock)
            {
                return _interfaces.Count;
            }
        }
    }

    /// <summary>Adds the counters of the capture's next interface; <paramref name="waiting"/> packets are already in its
    /// ring (or held for reordering) and will be offered to this stream.</summary>
    public void AddInterface(long waiting)
    {
        lock (_interfacesLock)
        {
            _interfaces.Add(new OutputInterface { KernelReceived = waiting });
        }
    }

    /// <summary>The section header and one IDB per interface, before any other block of this stream.</summary>
    public void WriteHeader(IReadOnlyList<CaptureInterface> interfaces, string? defaultFilter)
    {
        PcapngBlockWriter.WriteSectionHeader(_out, Options.SectionComment, hardware: null,
            os: Environment.OSVersion.VersionString, userApplication: $"Packetflix {Core.PacketflixVersion.Version}");
        foreach (var iface in interfaces)
        {
            WriteInterfaceDescription(iface, defaultFilter);
        }
    }

    public void WriteInterfaceDescription(CaptureInterface iface, string? defaultFilter)
    {
        var filter = iface.Filter ?? defaultFilter;
        PcapngBlockWriter.WriteInterfaceDescription(_out, iface.LinkType, (uint)iface.SnapLength, iface.DisplayName ?? iface.Name,
            Description ?? iface.Description, string.IsNullOrEmpty(filter) ? null : filter);
        MarkUnflushed();
    }

    /// <summary>A packet of <paramref name="iface"/> for this stream: written, or counted when the stream cannot take it
    /// (dropped, cause slow-client; or left at the end). True when writing it paused the stream (its flush filled the
    /// pipe), so the capture thread looks at whether it may still read only then, not per packet.</summary>
    public bool Offer(uint iface, ulong timestamp, ReadOnlySpan<byte> data, uint originalLength, bool late, bool atEnd)
    {
        var counters = _interfaces[(int)iface];
        counters.Captured++;
        counters.CapturedBytes += (uint)data.Length;
        if (!CanWrite)
        {
            if (atEnd)
            {
                counters.LeftAtEnd++;
            }
            else
            {
                counters.DroppedByUs++;
            }

            return false;
        }

        PcapngBlockWriter.WriteEnhancedPacket(_out, iface, timestamp, data, originalLength);
        counters.Written++;
        if (late)
        {
            counters.Late++;
        }

        _bytesSinceFlush += PcapngBlockWriter.EnhancedPacketBlockLength(data.Length);
        MarkUnflushed();
        // Bounds the overshoot above the pause threshold to half the session buffer (docs/api.md, "Memory").
        if (_flushAtOnce || _bytesSinceFlush >= Math.Min(FlushEveryBytes, Options.PauseWriterThreshold / 2))
        {
            Flush();
            return Paused;
        }

        return false;
    }

    /// <summary>Flushes when the batch is big enough or its oldest block waited <see cref="FlushDelay"/>.</summary>
    public void FlushIfDue(long now)
    {
        if (_hasUnflushed && (_bytesSinceFlush >= FlushEveryBytes || now - _firstUnflushed >= Ticks(FlushDelay)))
        {
            Flush();
        }
    }

    /// <summary>Milliseconds until the pending batch is due, at most <paramref name="limit"/>.</summary>
    public int FlushTimeout(long now, int limit)
    {
        if (!_hasUnflushed || Paused)
        {
            return limit;
        }

        // Rounded up: rounded down, the last millisecond before the batch is due became poll(2) timeouts of 0, a busy
        // loop of some twenty empty polls per batch at moderate rates.
        var due = _firstUnflushed + Ticks(FlushDelay) - now;
        return (int)Math.Clamp(((due * 1000) + _time.TimestampFrequency - 1) / _time.TimestampFrequency, 0, limit);
    }

    /// <summary>Publishes written blocks to the consumer. A flush that does not complete at once means the pipe reached
    /// its pause threshold: the stream is paused until the consumer caught up.</summary>
    public void Flush()
    {
        if (!CanWrite || !_hasUnflushed)
        {
            return;
        }

        _hasUnflushed = false;
        _bytesSinceFlush = 0;
        _flushAtOnce = false;
        _lastFlush = _time.GetTimestamp();
        _out.Commit();
        var flush = _pipe.Writer.FlushAsync();
        if (flush.IsCompletedSuccessfully)
        {
            ConsumerGone |= flush.Result.IsCompleted;
            return;
        }

        _pendingFlush = flush.AsTask();
        PausedSince = _time.GetTimestamp();
    }

    public bool TryResume()
    {
        if (_pendingFlush is not { } pending)
        {
            return true;
        }

        if (!pending.IsCompleted)
        {
            return false;
        }

        _pendingFlush = null;
        CutLoose = false;
        ConsumerGone |= !pending.IsCompletedSuccessfully || pending.Result.IsCompleted;
        return true;
    }

    /// <summary>Ends the stream: what was written is committed, the pipe completes (a paused flush stays the consumer's to
    /// read) and <see cref="Completion"/> is set. Final statistics are written later, by the consumer.</summary>
    public void Complete(CaptureEnd end, bool withCapture)
    {
        PublishMetrics();
        _out.Commit();
        _pipe.Writer.Complete();
        CaptureMetrics.SessionEnded();
        _end = end;
        EndedWithCapture = withCapture;
        _completion.TrySetResult(end);
    }

    private void MarkUnflushed()
    {
        if (!_hasUnflushed)
        {
            _hasUnflushed = true;
            _firstUnflushed = _time.GetTimestamp();
            _flushAtOnce = _firstUnflushed - _lastFlush >= Ticks(FlushDelay);
        }
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    internal static ulong UnixNanoseconds(DateTimeOffset time) => (ulong)(time - DateTimeOffset.UnixEpoch).Ticks * 100UL;
}
