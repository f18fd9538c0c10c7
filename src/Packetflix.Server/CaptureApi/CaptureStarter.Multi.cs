using System.Globalization;
using Packetflix.Capture;
using Packetflix.Core.Pcapng;

namespace Packetflix.Server.CaptureApi;

/// <summary>The multi-target start (docs/api.md, "Several targets"): resolve every target, check the limits and let
/// the gate see each resolved one (all before any upgrade), then open them all in one session and describe them in
/// the SHB comment and the IDBs.</summary>
internal sealed partial class CaptureStarter
{
    private async Task<CaptureAdmission> AdmitManyAsync(string id, CaptureParameters parameters, CancellationToken cancellationToken)
    {
        var resolved = await _resolver.ResolveManyAsync(parameters, cancellationToken);
        if (!resolved.Succeeded)
        {
            return CaptureAdmission.Fail(resolved.ErrorKind, resolved.Error, refused: false);
        }

        var admitted = new List<(string Label, ResolvedCapture Capture)>();
        var unresolved = new List<UnresolvedTargetEntry>();
        foreach (var target in resolved.Targets)
        {
            if (target.Capture is null)
            {
                if (!parameters.Partial)
                {
                    return CaptureAdmission.Fail(target.ErrorKind, $"target \"{target.Label}\": {target.Error}", refused: false);
                }

                unresolved.Add(new UnresolvedTargetEntry(target.Label, target.Error!));
                continue;
            }

            admitted.Add((target.Label, target.Capture));
        }

        if (admitted.Count == 0)
        {
            var first = resolved.Targets[0];
            return CaptureAdmission.Fail(first.ErrorKind, $"target \"{first.Label}\": {first.Error}", refused: false);
        }

        if (_limits.Check(admitted.Count, admitted.Sum(t => t.Capture.Interfaces.Count)) is { } limit)
        {
            return CaptureAdmission.Fail(CaptureErrorKind.InvalidParameter, limit, refused: true);
        }

        // Every target is checked on what it resolved to; one refused target refuses the whole request, so a
        // client cannot learn which of its targets exist by what the stream leaves out.
        foreach (var (label, capture) in admitted)
        {
            if (await _gate.AdmitAsync(id, capture, cancellationToken) is { } refusal)
            {
                return CaptureAdmission.Fail(refusal.Kind, $"target \"{label}\": {refusal.Reason}", refused: true);
            }
        }

        return CaptureAdmission.Admit(new AdmittedTargets(parameters, admitted, unresolved, resolved.Targets.Count > 1));
    }

    private async Task<CaptureLease> OpenManyAsync(string id, AdmittedTargets many, IOwnConnections? own)
    {
        var parameters = many.Parameters;
        var unresolved = many.Unresolved;
        var captures = many.Targets.Select(t => t.Capture).ToList();
        var mayRejoin = _gate.RejoinCheck(id);
        var sources = many.Targets.Select(target =>
        {
            var t = target.Capture.Target;
            var filter = target.Capture.Filter == Filter(parameters) ? null : target.Capture.Filter ?? "";
            return new CaptureTargetSource(target.Label, Namespace(t), target.Capture.Interfaces, Describe(t), filter)
            {
                // A named target that restarts joins again in its new namespace (docs/api.md, "Several targets").
                // It is checked against the caller's scope again, on the netns it was found in.
                Reresolve = t.Name.Length == 0 ? null : async cancellationToken =>
                    await _resolver.FindByNameAsync(t, cancellationToken) is { } fresh
                        && await mayRejoin(target.Capture with { Target = fresh }, cancellationToken)
                        ? new CaptureTargetSource(target.Label, Namespace(fresh), target.Capture.Interfaces, Describe(fresh), filter)
                        : null,
            };
        }).ToList();

        var options = Options(captures[0].SnapLength, parameters.Chaste, Filter(parameters), own);
        var several = many.Several;
        var start = await CaptureSession.OpenManyAsync(id, sources, parameters.Partial,
            (opened, failures) => Comment(parameters, captures, opened, several, [.. unresolved, .. failures.Select(f =>
                new UnresolvedTargetEntry(f.Label, f.Reason))]), options, _locator, _time, _logger);
        if (!start.Started)
        {
            return CaptureLease.Failed(start.ErrorKind, start.Error);
        }

        _gate.Started(id, start.Session);
        return CaptureLease.Running(start.Session);
    }

    private static CaptureNamespace Namespace(Core.Targets.CaptureTarget t) =>
        new((ulong)Math.Max(0, t.Netns), t.Pid, (ulong)Math.Max(0, t.StartTime));

    private static string? Filter(CaptureParameters parameters) => string.IsNullOrEmpty(parameters.Filter) ? null : parameters.Filter;

    /// <summary>One target → exactly the upstream keys; several → the upstream keys for the first one opened, then the
    /// <c>targets:</c> list (and <c>unresolved-targets:</c>), still one YAML document after the marker.</summary>
    private static string Comment(CaptureParameters parameters, List<ResolvedCapture> captures, IReadOnlyList<CaptureTargetOpened> opened,
        bool several, List<UnresolvedTargetEntry> unresolved)
    {
        // opened indexes refer to the sources, which are the resolved captures in order.
        var first = captures[opened[0].Index].Target;
        return new CaptureTargetComment(first.Name, first.Type, first.NodeName ?? "")
        {
            ClusterUid = string.IsNullOrEmpty(first.Cluster?.Uid) ? null : first.Cluster.Uid,
            CaptureFilter = Filter(parameters),
            NoPromiscuousMode = parameters.Chaste,
            Targets = several || unresolved.Count > 0
                ? [.. opened.Select(o =>
                {
                    var t = captures[o.Index].Target;
                    return new CaptureTargetEntry(t.Name, t.Type, t.Prefix, (ulong)Math.Max(0, t.Netns), o.Interfaces);
                })]
                : null,
            Unresolved = unresolved.Count > 0 ? unresolved : null,
        }.ToYaml();
    }

    /// <summary><c>if_description</c> of a target's IDBs: engine type, pod namespace, netns inode, node, the ones known.</summary>
    internal static string Describe(Core.Targets.CaptureTarget target)
    {
        var parts = new List<string>(4);
        if (target.Type.Length > 0)
        {
            parts.Add(target.Type);
        }

        if (target.Type == "pod" && target.Name.IndexOf('/', StringComparison.Ordinal) is > 0 and var slash)
        {
            parts.Add("pod namespace " + target.Name[..slash]);
        }

        parts.Add("netns " + target.Netns.ToString(CultureInfo.InvariantCulture));
        if (!string.IsNullOrEmpty(target.NodeName))
        {
            parts.Add("node " + target.NodeName);
        }

        return string.Join(", ", parts);
    }
}
