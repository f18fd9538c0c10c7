using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Packetflix.Linux;

namespace Packetflix.Capture;

/// <summary>
/// The capture itself: libpcap handles on one or more network namespaces and a dedicated capture thread that reads
/// them once and offers every packet to each joined stream (<see cref="CaptureOutput"/>). When every stream is behind,
/// the thread stops reading its kernel rings, which absorb the burst; when they overflow the kernel drops and counts.
/// When only some are behind, the others go on and the behind ones count what they miss (cause slow-client): a stalled
/// client costs the others nothing (docs/architecture.md, "Shared captures"). Memory stays bounded and no loss is silent.
/// </summary>
[SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable",
    Justification = "The capture thread releases everything itself when it ends (ReleaseAsync); nobody else may.")]
internal sealed partial class CaptureEngine
{
    private readonly List<CaptureInterface> _interfaces;
    private readonly List<NetnsLiveness> _liveness;
    private readonly CaptureOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Thread _thread;
    private readonly TaskCompletionSource<CaptureEnd> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<NetnsHandle> _ownedNetns = [];

    /// <summary>The joined streams; capture thread only.</summary>
    private readonly List<CaptureOutput> _outputs = [];

    private CaptureEngine(string id, List<CaptureInterface> interfaces, List<NetnsLiveness> liveness, CaptureOptions options,
        TimeProvider time, ILogger logger)
    {
        Id = id;
        _interfaces = interfaces;
        _liveness = liveness;
        _options = options;
        _time = time;
        _logger = logger;
        _thread = new Thread(Run) { IsBackground = true, Name = "pf-capture" };
        CreateMerger();
    }

    /// <summary>Short id used in log lines: the first stream's.</summary>
    public string Id { get; }

    /// <summary>Completes when the capture thread ended.</summary>
    public Task<CaptureEnd> Completion => _completion.Task;

    /// <summary>Completes when every handle and namespace the capture held is released.</summary>
    public Task Released => _released.Task;

    /// <summary>A snapshot of the interfaces, in IDB order; a target that rejoins adds to them on the capture thread.</summary>
    public IReadOnlyList<CaptureInterface> Interfaces
    {
        get
        {
            lock (_interfacesLock)
            {
                return [.. _interfaces];
            }
        }
    }

    /// <summary>Opens every interface of every source (each on a thread inside its namespace); the capture thread starts
    /// with <see cref="Start"/>. Nothing is left open when it fails.</summary>
    public static async Task<(CaptureEngine? Engine, string? Error, CaptureErrorKind Kind)> OpenAsync(string id,
        IReadOnlyList<CaptureSource> sources, CaptureOptions options, NetnsLocator locator, TimeProvider time, ILogger logger)
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
                    return (null, error, kind);
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

        return (new CaptureEngine(id, interfaces, liveness, options, time, logger), null, CaptureErrorKind.None);
    }

    /// <summary>Starts the capture thread with its first stream; <paramref name="owned"/> namespaces are released after the
    /// thread released its handles (they were opened inside them).</summary>
    public void Start(CaptureOutput first, IEnumerable<NetnsHandle> owned)
    {
        _ownedNetns.AddRange(owned);
        first.WriteHeader(_interfaces, _options.Filter);
        _interfaces.ForEach(_ => first.AddInterface(waiting: 0));
        _outputs.Add(first);
        CaptureMetrics.SessionStarted();
        CaptureLog.Started(_logger, first.Id, string.Join(", ", _interfaces.Select(i => i.DisplayName ?? i.Name)), _options.SnapLength,
            _options.Promiscuous, _options.Filter ?? "");
        _thread.Start();
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

        if (names.Count > options.MaxInterfaces)
        {
            return (handles, string.Create(CultureInfo.InvariantCulture,
                $"too many interfaces: {names.Count} in the namespace, at most {options.MaxInterfaces} per session (--max-interfaces)"),
                CaptureErrorKind.InvalidParameter);
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

    private static void DisposeAll(List<CaptureInterface> interfaces, List<NetnsLiveness> liveness)
    {
        interfaces.ForEach(i => i.Dispose());
        liveness.ForEach(l => l.Dispose());
    }

    /// <summary>After the capture thread ended: stops the look-ups for restarted targets, then releases the namespaces.</summary>
    private async Task ReleaseAsync()
    {
        try
        {
            await EndRejoinsAsync();
            // Only after the capture thread released its handles: they were opened inside these namespaces.
            _ownedNetns.ForEach(n => n.Dispose());
        }
        finally
        {
            _released.TrySetResult();
        }
    }
}
