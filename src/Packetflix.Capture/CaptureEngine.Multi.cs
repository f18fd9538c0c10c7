using Microsoft.Extensions.Logging;
using Packetflix.Linux;

namespace Packetflix.Capture;

/// <summary>Several targets in one section (docs/api.md, "Several targets"): each target's namespace is opened and
/// checked as a single target's would be, its interfaces get IDBs named <c>label/nif</c>, and a target whose
/// namespace dies ends only its own interfaces.</summary>
internal sealed partial class CaptureEngine
{
    /// <summary>Reason in the final statistics block of each interface of a target that went away.</summary>
    internal const string TargetGoneReason = "capture target is gone: no process or mount holds its network namespace any more";

    /// <summary>True when the session holds several targets: then a dead namespace closes its interfaces only.</summary>
    private bool _multiTarget;

    private readonly List<NetnsLiveness> _goneNetns = [];

    /// <summary>Opens every target in order. A target that fails fails the whole start (its label in the error), or
    /// with <paramref name="partial"/> is left out and reported; <paramref name="sectionComment"/> then builds the SHB
    /// comment from what was opened and what was not. Nothing is left open when no session starts.</summary>
    internal static async Task<CaptureManyStartResult> OpenManyAsync(string id, IReadOnlyList<CaptureTargetSource> targets,
        bool partial, Func<IReadOnlyList<CaptureTargetOpened>, IReadOnlyList<CaptureTargetFailure>, string?> sectionComment,
        CaptureOptions options, NetnsLocator locator, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(sectionComment);
        ArgumentOutOfRangeException.ThrowIfZero(targets.Count);
        var interfaces = new List<CaptureInterface>();
        var liveness = new List<NetnsLiveness>();
        var owned = new List<NetnsHandle>();
        var opened = new List<CaptureTargetOpened>();
        var failures = new List<CaptureTargetFailure>();
        try
        {
            for (var index = 0; index < targets.Count; index++)
            {
                var target = targets[index];
                var failure = await OpenTargetAsync(index, target, options, locator, interfaces, liveness, owned);
                if (failure is null)
                {
                    opened.Add(new CaptureTargetOpened(index, [.. interfaces.Where(i => i.SourceIndex == index).Select(i => i.Name)]));
                    continue;
                }

                if (!partial)
                {
                    Release(interfaces, liveness, owned);
                    return new CaptureManyStartResult(null, $"target \"{target.Label}\": {failure.Reason}", failure.Kind, [failure]);
                }

                failures.Add(failure);
            }
        }
        catch
        {
            Release(interfaces, liveness, owned);
            throw;
        }

        if (opened.Count == 0)
        {
            var first = failures[0];
            return new CaptureManyStartResult(null, $"target \"{first.Label}\": {first.Reason}", first.Kind, failures);
        }

        var engine = new CaptureEngine(id, interfaces, liveness, options, time, logger)
        {
            _multiTarget = true,
            _targets = targets,
            _locator = locator,
        };
        var output = new CaptureOutput(id, options with { SectionComment = sectionComment(opened, failures) }, description: null, time,
            logger);
        engine.Start(output, owned);
        var session = new CaptureSession(engine, output);
        return new CaptureManyStartResult(session, null, CaptureErrorKind.None, failures);
    }

    private static async Task<CaptureTargetFailure?> OpenTargetAsync(int index, CaptureTargetSource target, CaptureOptions options,
        NetnsLocator locator, List<CaptureInterface> interfaces, List<NetnsLiveness> liveness, List<NetnsHandle> owned)
    {
        var ns = target.Namespace;
        var open = NetnsHandle.Open(ns.Inode, ns.Pid, ns.StartTime, locator);
        if (open.Status != NetnsOpenStatus.Opened)
        {
            return open.Status == NetnsOpenStatus.NotFound
                ? new CaptureTargetFailure(index, target.Label, CaptureNamespace.ErrorNotFound, CaptureErrorKind.TargetNotFound)
                : new CaptureTargetFailure(index, target.Label, CaptureNamespace.ErrorCannotLock, CaptureErrorKind.TargetNotLockable);
        }

        var netns = open.Handle!;
        var source = new CaptureSource(netns, target.Interfaces, target.Description)
        {
            InterfacePrefix = target.Label + "/",
            Filter = target.Filter,
        };
        var before = interfaces.Count;
        try
        {
            var (error, kind) = await OpenSourceAsync(source, options, interfaces);
            if (error is not null)
            {
                netns.Dispose();
                return new CaptureTargetFailure(index, target.Label, error, kind);
            }
        }
        catch
        {
            netns.Dispose();
            throw;
        }

        for (var i = before; i < interfaces.Count; i++)
        {
            interfaces[i].SourceIndex = index;
        }

        owned.Add(netns);
        if (!liveness.Exists(l => l.Inode == netns.Inode))
        {
            liveness.Add(new NetnsLiveness(netns.Inode, netns.WatchPid, locator));
        }

        return null;
    }

    private static void Release(List<CaptureInterface> interfaces, List<NetnsLiveness> liveness, List<NetnsHandle> owned)
    {
        DisposeAll(interfaces, liveness);
        owned.ForEach(n => n.Dispose());
    }

    /// <summary>A multi-target session outlives one dead namespace: its interfaces end (final statistics block with the
    /// reason) and the others go on. Returns false when the whole session should end.</summary>
    private bool TargetGone(NetnsLiveness netns)
    {
        if (!_multiTarget)
        {
            return false;
        }

        foreach (var iface in _interfaces)
        {
            if (iface.Open && iface.NetnsInode == netns.Inode)
            {
                CloseInterface(iface, TargetGoneReason);
                WatchForRestart(iface.SourceIndex, netns.Inode);
            }
        }

        _goneNetns.Add(netns);
        return true;
    }

    /// <summary>Stops watching namespaces whose interfaces were ended (each further check would scan /proc).</summary>
    private void PruneGone()
    {
        if (_goneNetns.Count > 0)
        {
            _goneNetns.ForEach(n =>
            {
                _liveness.Remove(n);
                n.Dispose();
            });
            _goneNetns.Clear();
        }
    }
}
