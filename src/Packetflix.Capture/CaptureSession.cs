using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Packetflix.Core.Pcapng;
using Packetflix.Linux;

namespace Packetflix.Capture;

/// <summary>
/// One live capture: libpcap handles on one or more network namespaces, a dedicated capture thread, and a
/// bounded pipe of whole pcapng blocks (SHB, IDBs, EPBs, ISBs) for one consumer. When the consumer is slower
/// than the traffic the pipe pauses and the capture thread stops reading its kernel rings, which absorb the burst;
/// when they overflow the kernel drops and counts, and the counts reach the consumer in interface statistics
/// blocks: memory stays bounded and no loss is silent.
/// </summary>
public sealed partial class CaptureSession : IAsyncDisposable
{
    private readonly List<CaptureInterface> _interfaces;
    private readonly List<NetnsLiveness> _liveness;
    private readonly Pipe _pipe;

    /// <summary>Every block the session writes goes through this, never straight into <see cref="_pipe"/>.</summary>
    private readonly BatchedPipeWriter _out;
    private readonly CaptureOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly TaskCompletionSource<CaptureEnd> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ulong _startNanoseconds;
    private volatile bool _stopRequested;
    private int _disposed;
    private readonly List<NetnsHandle> _ownedNetns = [];
    private int _settled;
    private CaptureEnd _end;

    private CaptureSession(string id, List<CaptureInterface> interfaces, List<NetnsLiveness> liveness, CaptureOptions options,
        TimeProvider time, ILogger logger)
    {
        Id = id;
        _interfaces = interfaces;
        _liveness = liveness;
        _options = options;
        _time = time;
        _logger = logger;
        _pipe = new Pipe(new PipeOptions(
            pauseWriterThreshold: options.PauseWriterThreshold,
            resumeWriterThreshold: options.ResumeWriterThreshold,
            // The consumer's AdvanceTo completes a pending flush on its own thread, so a paused capture thread
            // (CaptureSession.Backpressure) wakes at once instead of after a thread-pool hop, which on a busy
            // machine would leave the kernel ring unread for longer.
            writerScheduler: PipeScheduler.Inline,
            pool: SegmentPool.Instance,
            minimumSegmentSize: SegmentPool.SegmentBytes,
            useSynchronizationContext: false));
        _out = new BatchedPipeWriter(_pipe.Writer);
        _startNanoseconds = UnixNanoseconds(time.GetUtcNow());
        _thread = new Thread(Run) { IsBackground = true, Name = "pf-capture" };
        CreateMerger();
    }

    /// <summary>Short id used in log lines.</summary>
    public string Id { get; }

    /// <summary>The pcapng byte stream; every flushed buffer ends on a block boundary.</summary>
    public PipeReader Output => _pipe.Reader;

    /// <summary>Completes when the capture thread ended and released every handle.</summary>
    public Task<CaptureEnd> Completion => _completion.Task;

    /// <summary>Names of the captured interfaces, in IDB order.</summary>
    public IReadOnlyList<string> InterfaceNames
    {
        get
        {
            // A target that rejoins adds interfaces on the capture thread while others read.
            lock (_interfacesLock)
            {
                return _interfaces.ConvertAll(i => i.Name);
            }
        }
    }

    /// <summary>How many interfaces the section has so far (IDBs written); grows when a target rejoins.</summary>
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

    /// <summary>Opens the target's namespace (checking that it is the one meant: inode, and pid with start time when
    /// given), then starts a capture on it that owns the namespace fd and watches the namespace until the end.</summary>
    public static async Task<CaptureStartResult> OpenAsync(string id, CaptureNamespace target, IReadOnlyList<string> interfaces,
        string? description, CaptureOptions options, NetnsLocator locator, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(target);
        var open = NetnsHandle.Open(target.Inode, target.Pid, target.StartTime, locator);
        if (open.Status != NetnsOpenStatus.Opened)
        {
            return open.Status == NetnsOpenStatus.NotFound
                ? new CaptureStartResult(null, CaptureNamespace.ErrorNotFound, CaptureErrorKind.TargetNotFound)
                : new CaptureStartResult(null, CaptureNamespace.ErrorCannotLock, CaptureErrorKind.TargetNotLockable);
        }

        var netns = open.Handle!;
        try
        {
            var start = await StartAsync(id, [new CaptureSource(netns, interfaces, description)], options, locator, time, logger);
            if (start.Started)
            {
                start.Session._ownedNetns.Add(netns);
                return start;
            }

            netns.Dispose();
            return start;
        }
        catch
        {
            netns.Dispose();
            throw;
        }
    }

    /// <summary>Opens every interface of every source (each on a thread inside its namespace), then starts the
    /// capture thread. Nothing is left open when it fails.</summary>
    public static async Task<CaptureStartResult> StartAsync(string id, IReadOnlyList<CaptureSource> sources, CaptureOptions options,
        NetnsLocator locator, TimeProvider time, ILogger logger)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sources.Count);
        var interfaces = new List<CaptureInterface>();
        var liveness = new List<NetnsLiveness>();
        try
        {
            foreach (var source in sources)
            {
                var (error, kind) = await OpenSourceAsync(source, options, interfaces);
                if (error is not null)
                {
                    DisposeAll(interfaces, liveness);
                    return new CaptureStartResult(null, error, kind);
                }

                if (!liveness.Exists(l => l.Inode == source.Netns.Inode))
                {
                    liveness.Add(new NetnsLiveness(source.Netns.Inode, source.Netns.WatchPid, locator));
                }
            }
        }
        catch
        {
            DisposeAll(interfaces, liveness);
            throw;
        }

        var session = new CaptureSession(id, interfaces, liveness, options, time, logger);
        session.WriteHeader();
        CaptureMetrics.SessionStarted();
        CaptureLog.Started(logger, id, string.Join(", ", session.InterfaceNames), options.SnapLength, options.Promiscuous,
            options.Filter ?? "");
        session._thread.Start();
        return new CaptureStartResult(session, null);
    }

    private static async Task<(string? Error, CaptureErrorKind Kind)> OpenSourceAsync(CaptureSource source, CaptureOptions options,
        List<CaptureInterface> interfaces)
    {
        var (effective, ownVersion) = WithOwnTraffic(source.Filter is null ? options : options with { Filter = source.Filter },
            source.Netns.Inode);
        var (handles, error, kind) = await NetnsThread.RunAsync(source.Netns.Handle, () => OpenInNamespace(source, effective));
        if (error is not null)
        {
            return (error, kind);
        }

        foreach (var (name, handle) in handles)
        {
            interfaces.Add(new CaptureInterface(handle, (uint)interfaces.Count, name, (ushort)handle.Datalink,
                handle.Snapshot, handle.SelectableFd, source.Netns.Inode)
            {
                Description = source.Description,
                DisplayName = source.InterfacePrefix is null ? null : source.InterfacePrefix + name,
                Filter = source.Filter,
                ExcludesOwn = options.OwnTraffic?.NetnsInode == source.Netns.Inode,
                OwnTrafficVersion = ownVersion,
            });
        }

        return (null, CaptureErrorKind.None);
    }

    /// <summary>Runs on a thread inside the source's namespace; on failure closes what it opened.</summary>
    private static (List<(string Name, SafePcapHandle Handle)> Handles, string? Error, CaptureErrorKind Kind) OpenInNamespace(
        CaptureSource source, CaptureOptions options)
    {
        var names = CaptureInterfaceOpener.ExpandNames(source.Interfaces);
        var handles = new List<(string Name, SafePcapHandle Handle)>();
        if (names.Count == 0)
        {
            return (handles, "no network interfaces to capture from", CaptureErrorKind.CaptureFailed);
        }

        foreach (var name in names)
        {
            var (handle, error, kind) = CaptureInterfaceOpener.Open(name, options);
            if (handle is null)
            {
                handles.ForEach(h => h.Handle.Dispose());
                handles.Clear();
                return (handles, error, kind);
            }

            handles.Add((name, handle));
        }

        return (handles, null, CaptureErrorKind.None);
    }

    private void WriteHeader()
    {
        var writer = _out;
        PcapngBlockWriter.WriteSectionHeader(writer, _options.SectionComment, hardware: null,
            os: Environment.OSVersion.VersionString, userApplication: $"Packetflix {Core.PacketflixVersion.Version}");
        foreach (var iface in _interfaces)
        {
            var filter = iface.Filter ?? _options.Filter;
            PcapngBlockWriter.WriteInterfaceDescription(writer, iface.LinkType, (uint)iface.SnapLength, iface.DisplayName ?? iface.Name,
                iface.Description, string.IsNullOrEmpty(filter) ? null : filter);
        }
    }

    /// <summary>Asks the capture thread to stop; idempotent. The stream then completes after the blocks already
    /// written; a consumer that wants the final statistics calls <see cref="WriteFinalStatistics"/> after it handed
    /// those over.</summary>
    public void Stop() => _stopRequested = true;

    /// <summary>The consumer handed <paramref name="packets"/>[id] Enhanced Packet Blocks of interface id
    /// (<paramref name="bytes"/>[id] bytes of blocks) to its client. Called by one consumer at a time, after each
    /// message it sent; the interface list is read once, under its lock (a rejoin adds to it).</summary>
    public void RecordDelivered(ReadOnlySpan<long> packets, ReadOnlySpan<long> bytes)
    {
        long total = 0, totalBytes = 0;
        lock (_interfacesLock)
        {
            for (var id = 0; id < Math.Min(packets.Length, _interfaces.Count); id++)
            {
                if (packets[id] > 0)
                {
                    Interlocked.Add(ref _interfaces[id].Delivered, packets[id]);
                    total += packets[id];
                    totalBytes += bytes[id];
                }
            }
        }

        if (total > 0)
        {
            CaptureMetrics.AddDelivered(total, totalBytes);
        }
    }

    /// <summary>After <see cref="Completion"/>, once the consumer handed over (or gave up on) everything it will:
    /// settles the counts (what was written but not handed over is dropped, cause session-end) and writes every
    /// interface's final statistics block, whose <c>isb_usrdeliv</c> is exactly what the client received before it.</summary>
    public void WriteFinalStatistics(IBufferWriter<byte> writer)
    {
        Settle();
        foreach (var iface in _interfaces)
        {
            WriteStatistics(writer, iface, final: true, (ulong)Interlocked.Read(ref iface.Delivered),
                StatisticsComment(iface, iface.DroppedAtSessionEnd));
        }
    }

    /// <summary>A snapshot of every interface's counters.</summary>
    public IReadOnlyList<InterfaceCounters> Statistics()
    {
        // A target that rejoins adds interfaces while the capture runs.
        lock (_interfacesLock)
        {
            return _interfaces.ConvertAll(i => new InterfaceCounters(i.Id, i.Name,
                i.NetnsInode, i.Open, Interlocked.Read(ref i.Captured), Interlocked.Read(ref i.Written), Interlocked.Read(ref i.Delivered),
                Interlocked.Read(ref i.DroppedByUs), Interlocked.Read(ref i.DroppedAtSessionEnd), Interlocked.Read(ref i.KernelReceived),
                Interlocked.Read(ref i.KernelDropped)));
        }
    }

    /// <summary>Once the capture thread ended and the consumer is done: every packet written but not handed over
    /// was still buffered (in the pipe or in a send that failed) and is counted dropped, cause session-end.</summary>
    private void Settle()
    {
        if (!_completion.Task.IsCompleted)
        {
            throw new InvalidOperationException("the capture is still running");
        }

        if (Interlocked.Exchange(ref _settled, 1) != 0)
        {
            return;
        }

        long droppedAtEnd = 0;
        foreach (var iface in _interfaces)
        {
            var dropped = Math.Max(0, Interlocked.Read(ref iface.Written) - Interlocked.Read(ref iface.Delivered))
                + Interlocked.Read(ref iface.LeftAtEnd);
            Interlocked.Exchange(ref iface.DroppedAtSessionEnd, dropped);
            droppedAtEnd += dropped;
        }

        CaptureMetrics.AddDroppedSessionEnd(droppedAtEnd);
        var totals = Statistics();
        CaptureLog.Ended(_logger, Id, _end.Kind, _end.Reason, totals.Sum(s => s.Captured), totals.Sum(s => s.Delivered),
            totals.Sum(s => s.DroppedByUs), droppedAtEnd, totals.Sum(s => s.KernelDropped));
    }

    private static void DisposeAll(List<CaptureInterface> interfaces, List<NetnsLiveness> liveness)
    {
        interfaces.ForEach(i => i.Dispose());
        liveness.ForEach(l => l.Dispose());
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Stop();
        // The capture thread notices the stop within one poll timeout and releases everything itself.
        await _completion.Task;
        await EndRejoinsAsync();
        await _pipe.Reader.CompleteAsync();
        // Only after the capture thread released its handles: they were opened inside this namespace.
        _ownedNetns.ForEach(n => n.Dispose());
        Settle();
    }
}
