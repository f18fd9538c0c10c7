using System.Collections.Concurrent;
using Packetflix.Linux;

namespace Packetflix.Capture;

/// <summary>A target that restarts (docs/api.md, "Several targets"): when a multi-target session's target is gone and
/// it can be found again by name (<see cref="CaptureTargetSource.Reresolve"/>), its <b>new</b> namespace is opened and
/// checked like a first one (off the capture thread, setns on its own thread) and joins the stream with new IDBs, each
/// followed by an ISB whose comment says so; the old namespace's interfaces stay ended. Nothing is ever captured from
/// the stale namespace: a target is looked up again only after its old namespace is gone.</summary>
internal sealed partial class CaptureEngine
{
    /// <summary>How often a gone target is looked up again by name.</summary>
    private static readonly TimeSpan RejoinInterval = TimeSpan.FromMilliseconds(500);

    private readonly ConcurrentQueue<Rejoined> _rejoined = new();
    private readonly Lock _rejoinLock = new();
    private readonly CancellationTokenSource _rejoinStop = new();
    private readonly List<Task> _rejoinWatchers = [];
    private readonly HashSet<int> _rejoinWatching = [];
    private readonly Lock _interfacesLock = new();
    private IReadOnlyList<CaptureTargetSource>? _targets;
    private NetnsLocator? _locator;
    private bool _rejoinClosed;

    /// <summary>The comment of the first ISB of each interface of a target that rejoined.</summary>
    internal static string RejoinedComment(string label, ulong inode, ulong previous) =>
        $"capture target \"{label}\" restarted: its new network namespace {inode} joined the stream (was {previous})";

    private sealed record Rejoined(int Index, ulong Previous, NetnsHandle Netns, List<CaptureInterface> Interfaces);

    /// <summary>Capture thread, from <see cref="TargetGone"/>: starts looking for the target's next namespace.</summary>
    private void WatchForRestart(int index, ulong previous)
    {
        if (_targets is null || _targets[index].Reresolve is null || !_rejoinWatching.Add(index))
        {
            return;
        }

        _rejoinWatchers.Add(Task.Run(() => WatchForRestartAsync(index, previous, _rejoinStop.Token)));
    }

    private async Task WatchForRestartAsync(int index, ulong previous, CancellationToken cancellationToken)
    {
        var target = _targets![index];
        try
        {
            while (!_completion.Task.IsCompleted)
            {
                await Task.Delay(RejoinInterval, _time, cancellationToken);
                var fresh = await target.Reresolve!(cancellationToken);
                if (fresh is null || fresh.Namespace.Inode == 0 || fresh.Namespace.Inode == previous)
                {
                    continue;
                }

                if (await OpenRejoinAsync(index, previous, fresh) is not { } rejoined)
                {
                    continue;
                }

                lock (_rejoinLock)
                {
                    if (!_rejoinClosed)
                    {
                        _rejoined.Enqueue(rejoined);
                        return;
                    }
                }

                Release(rejoined);
                return;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The session ended.
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            CaptureLog.RejoinFailed(_logger, Id, target.Label, ex);
        }
    }

    /// <summary>Opens the new namespace (checked by inode, pid and start time) and its interfaces, or null to try again
    /// later (not there yet, an interface not up yet).</summary>
    private async Task<Rejoined?> OpenRejoinAsync(int index, ulong previous, CaptureTargetSource fresh)
    {
        var ns = fresh.Namespace;
        var open = NetnsHandle.Open(ns.Inode, ns.Pid, ns.StartTime, _locator!);
        if (open.Status != NetnsOpenStatus.Opened)
        {
            return null;
        }

        var netns = open.Handle!;
        var interfaces = new List<CaptureInterface>();
        try
        {
            var source = new CaptureSource(netns, fresh.Interfaces, fresh.Description)
            {
                InterfacePrefix = fresh.Label + "/",
                Filter = fresh.Filter,
            };
            var (error, _) = await OpenSourceAsync(source, _options, interfaces);
            if (error is null)
            {
                interfaces.ForEach(i => i.SourceIndex = index);
                return new Rejoined(index, previous, netns, interfaces);
            }

            CaptureLog.RejoinNotYet(_logger, Id, fresh.Label, error);
        }
        catch
        {
            interfaces.ForEach(i => i.Dispose());
            netns.Dispose();
            throw;
        }

        netns.Dispose();
        return null;
    }

    /// <summary>Capture thread, every loop turn: adds the namespaces that rejoined, with an IDB and an ISB (comment)
    /// per interface in every stream. Waits while a consumer is behind: these blocks are never dropped.</summary>
    private void AdoptRejoined()
    {
        if (_rejoined.IsEmpty || _outputs.Exists(o => !o.CanWrite))
        {
            return;
        }

        while (_rejoined.TryDequeue(out var rejoined))
        {
            var label = _targets![rejoined.Index].Label;
            foreach (var opened in rejoined.Interfaces)
            {
                var iface = opened.Renumbered((uint)_interfaces.Count);
                lock (_interfacesLock)
                {
                    _interfaces.Add(iface);
                }

                var comment = RejoinedComment(label, rejoined.Netns.Inode, rejoined.Previous);
                foreach (var output in _outputs)
                {
                    output.AddInterface(waiting: 0);
                    output.WriteInterfaceDescription(iface, _options.Filter);
                    output.WriteStatistics(iface, final: false, comment);
                }
            }

            _ownedNetns.Add(rejoined.Netns);
            if (!_liveness.Exists(l => l.Inode == rejoined.Netns.Inode))
            {
                _liveness.Add(new NetnsLiveness(rejoined.Netns.Inode, rejoined.Netns.WatchPid, _locator!));
            }

            _rejoinWatching.Remove(rejoined.Index);
            CaptureLog.Rejoined(_logger, Id, label, rejoined.Netns.Inode, rejoined.Previous);
        }

        _merger ??= _options.ReorderWindow > TimeSpan.Zero ? NewMerger() : null;
    }

    /// <summary>After the capture thread ended: stops the look-ups and releases what they opened but was not adopted.</summary>
    private async Task EndRejoinsAsync()
    {
        lock (_rejoinLock)
        {
            _rejoinClosed = true;
        }

        await _rejoinStop.CancelAsync();
        await Task.WhenAll(_rejoinWatchers);
        while (_rejoined.TryDequeue(out var rejoined))
        {
            Release(rejoined);
        }

        _rejoinStop.Dispose();
    }

    private static void Release(Rejoined rejoined)
    {
        rejoined.Interfaces.ForEach(i => i.Dispose());
        rejoined.Netns.Dispose();
    }
}
