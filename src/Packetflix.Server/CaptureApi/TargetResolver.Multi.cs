using System.Globalization;
using Packetflix.Capture;
using Packetflix.Core.Targets;

namespace Packetflix.Server.CaptureApi;

/// <summary>Multi-target requests (docs/api.md, "Several targets"): <c>targets=[…]</c> or <c>netns=a,b</c>. Each
/// target goes through the single-target steps (stale check, refresh by name and prefix, interface rules); one
/// <c>filter</c>, <c>snaplen</c> and <c>chaste</c> apply to all, a target's own <c>filter</c> overrides.</summary>
internal sealed partial class TargetResolver
{
    public const string ErrorMultiExclusive = "targets, container and netns query parameters are mutually exclusive";

    public async Task<MultiResolveResult> ResolveManyAsync(CaptureParameters parameters, CancellationToken cancellationToken)
    {
        List<CaptureTarget> targets;
        if (parameters.Targets is { } json)
        {
            if (parameters.Container is not null || parameters.Netns is not null)
            {
                return MultiResolveResult.Fail(CaptureErrorKind.InvalidParameter, ErrorMultiExclusive);
            }

            if (!CaptureTargetJson.TryParseArray(json, out var parsed, out var error))
            {
                return MultiResolveResult.Fail(CaptureErrorKind.InvalidParameter, "invalid targets description: " + error);
            }

            targets = parsed;
        }
        else
        {
            if (parameters.Container is not null)
            {
                return MultiResolveResult.Fail(CaptureErrorKind.InvalidParameter, ErrorBothTargets);
            }

            targets = [];
            foreach (var item in parameters.Netns!.Split(','))
            {
                if (!long.TryParse(item, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var inode) || inode <= 0)
                {
                    return MultiResolveResult.Fail(CaptureErrorKind.InvalidParameter, $"invalid netns \"{item}\"");
                }

                targets.Add(new CaptureTarget { Netns = inode });
            }
        }

        if (targets.Count == 0)
        {
            return MultiResolveResult.Fail(CaptureErrorKind.InvalidParameter, "targets must name at least one target");
        }

        if (targets.Count > CaptureTargetLimits.MaxTargetsPerRequest)
        {
            return MultiResolveResult.Fail(CaptureErrorKind.InvalidParameter,
                $"too many targets: {targets.Count} (at most {CaptureTargetLimits.MaxTargetsPerRequest} per request)");
        }

        if (!TryParseSnapLength(parameters, out var snapLength, out var snapError))
        {
            return MultiResolveResult.Fail(CaptureErrorKind.InvalidParameter, snapError);
        }

        var filter = string.IsNullOrEmpty(parameters.Filter) ? null : parameters.Filter;
        var resolved = new List<MultiTargetResolution>(targets.Count);
        for (var index = 0; index < targets.Count; index++)
        {
            var target = targets[index];
            var label = Label(target, index);
            var ownFilter = target.Filter;
            var ownInterfaces = target.NetworkInterfaces is { Count: > 0 } list ? list : null;
            if (IsStale(target))
            {
                target.Netns = 0;
            }

            if (target.Netns == 0)
            {
                var refreshed = await RefreshAsync(target, parameters.Nif is null || ownInterfaces is not null, cancellationToken);
                if (refreshed.Error is not null)
                {
                    resolved.Add(new MultiTargetResolution(label, null, refreshed.Error, CaptureErrorKind.DiscoveryFailed));
                    continue;
                }

                target = refreshed.Target!;
            }

            // A target's own interface list wins; otherwise the request's nif applies to it as to a single target.
            var interfaces = ownInterfaces is not null ? InterfacesFor(target, null) : InterfacesFor(target, parameters.Nif);
            var targetFilter = ownFilter ?? filter;
            resolved.Add(new MultiTargetResolution(label,
                new ResolvedCapture(target, interfaces, string.IsNullOrEmpty(targetFilter) ? null : targetFilter, parameters.Chaste,
                    snapLength), null, CaptureErrorKind.None));
        }

        return new MultiResolveResult(resolved, null);
    }

    /// <summary>The directory's current entry for <paramref name="target"/>'s (name, prefix), as a refresh finds it, or
    /// null (none, no namespace, or the directory failed): a restarted target is looked up this way.</summary>
    public async Task<CaptureTarget?> FindByNameAsync(CaptureTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var probe = new CaptureTarget { Name = target.Name, Prefix = target.Prefix };
        var (found, error) = await RefreshAsync(probe, keepInterfaces: false, cancellationToken);
        return error is null && found is { Netns: > 0 } ? found : null;
    }

    /// <summary>How a target is named in IDBs and errors: <c>prefix:name</c>, the name, the netns inode, or its
    /// position when it has none of them.</summary>
    public static string Label(CaptureTarget target, int index)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Name.Length > 0)
        {
            return target.Prefix.Length > 0 ? $"{target.Prefix}:{target.Name}" : target.Name;
        }

        return target.Netns > 0 ? target.Netns.ToString(CultureInfo.InvariantCulture) : "#" + (index + 1).ToString(CultureInfo.InvariantCulture);
    }

    private static bool TryParseSnapLength(CaptureParameters parameters, out int snapLength, out string error)
    {
        snapLength = CaptureOptions.MaximumSnapLength;
        error = "";
        if (parameters.SnapLength is { } snap
            && (!int.TryParse(snap, NumberStyles.None, CultureInfo.InvariantCulture, out snapLength)
                || snapLength is < 1 or > CaptureOptions.MaximumSnapLength))
        {
            error = $"invalid snaplen \"{snap}\": must be 1 to {CaptureOptions.MaximumSnapLength}";
            return false;
        }

        return true;
    }
}
