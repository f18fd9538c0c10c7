using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Packetflix.Discovery.Json;
using Packetflix.Discovery.Model;
using Packetflix.Linux;

namespace Packetflix.Discovery.Explorer;

/// <summary>
/// The explorer behind <c>/api/namespaces</c> and <c>/api/mounts/{mntns}</c>. Nothing is computed until asked: a
/// namespace scan is cached for <see cref="DiscoveryService.FreshFor"/> (single flight, like the discovery), and the
/// mount table of a mount namespace is read once per scan and kept with it.
/// </summary>
public sealed class ExplorerService
{
    private readonly DiscoveryService _discovery;
    private readonly TimeProvider _time;
    private readonly ILogger<ExplorerService> _logger;
    private readonly Func<NamespaceSnapshot> _scan;
    private readonly Lock _lock = new();
    private Task<Scan>? _current;
    private long _started;

    public ExplorerService(DiscoveryService discovery, TimeProvider time, ILogger<ExplorerService> logger)
        : this(discovery, time, logger, NamespaceExplorer.Scan)
    {
    }

    /// <summary>For tests: <paramref name="scan"/> replaces the live scan.</summary>
    internal ExplorerService(DiscoveryService discovery, TimeProvider time, ILogger<ExplorerService> logger, Func<NamespaceSnapshot> scan)
    {
        _discovery = discovery;
        _time = time;
        _logger = logger;
        _scan = scan;
    }

    /// <summary>The <c>/api/namespaces</c> document.</summary>
    public async Task<ApiNamespacesDocument> GetNamespacesAsync(CancellationToken cancellationToken)
    {
        var scan = await GetScanAsync(cancellationToken);
        return scan.Document;
    }

    /// <summary>The <c>/api/mounts/{mntns}</c> document; null when no such mount namespace is known.</summary>
    public async Task<ApiMountsDocument?> GetMountsAsync(ulong mntns, CancellationToken cancellationToken)
    {
        var scan = await GetScanAsync(cancellationToken);
        if (scan.Snapshot.Find(NamespaceType.Mnt, mntns) is not { } node)
        {
            return null;
        }

        var task = scan.Mounts.GetOrAdd(mntns, _ => ReadMountsAsync(node, scan.Containers));
        return await task.WaitAsync(cancellationToken);
    }

    private async Task<ApiMountsDocument> ReadMountsAsync(NamespaceNode node, Dictionary<(NamespaceType, ulong), List<ApiContainerRef>> containers)
    {
        var (text, pid, reason) = await MountinfoSource.ReadAsync(node);
        var container = containers.TryGetValue((NamespaceType.Mnt, node.Inode), out var refs) ? refs[0].Display : null;
        var ealdorman = node.Ealdorman is { } e ? new ApiProcess(e.Pid, e.Comm) : null;
        if (text is null)
        {
            ExplorerLog.MountsUnreadable(_logger, node.Inode, reason ?? string.Empty);
            return new ApiMountsDocument(node.Inode, container, ealdorman, true, reason, []);
        }

        var mounts = MountTable.Parse(text, out var skipped);
        var partialReason = skipped > 0 ? $"{skipped} mountinfo lines could not be parsed" : null;
        _ = pid;
        return new ApiMountsDocument(node.Inode, container, ealdorman, partialReason is not null, partialReason, MountAnalyzer.Analyze(mounts));
    }

    private async Task<Scan> GetScanAsync(CancellationToken cancellationToken)
    {
        Task<Scan> task;
        lock (_lock)
        {
            if (_current is null || (_current.IsCompleted && (_current.IsFaulted || _time.GetElapsedTime(_started) >= DiscoveryService.FreshFor)))
            {
                _started = _time.GetTimestamp();
                _current = Task.Run(RunScanAsync, CancellationToken.None);
            }

            task = _current;
        }

        return await task.WaitAsync(cancellationToken);
    }

    private async Task<Scan> RunScanAsync()
    {
        DiscoveryResult? discovery = null;
        try
        {
            discovery = await _discovery.GetAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Without the discovery there are no container names, but the namespaces are still worth showing.
            ExplorerLog.DiscoveryUnavailable(_logger, e);
        }

        var snapshot = _scan();
        var document = NamespaceDocument.Build(snapshot, discovery, PasswdFile.Read(), pid => ProcessText.Cmdline(pid));
        return new Scan(snapshot, document, ContainerIndex.Build(snapshot, discovery));
    }

    private sealed record Scan(NamespaceSnapshot Snapshot, ApiNamespacesDocument Document,
        Dictionary<(NamespaceType, ulong), List<ApiContainerRef>> Containers)
    {
        public ConcurrentDictionary<ulong, Task<ApiMountsDocument>> Mounts { get; } = new();
    }
}
