using System.Globalization;
using Packetflix.Capture;
using Packetflix.Core.Targets;
using Packetflix.Linux;
using Packetflix.Server.Targets;

namespace Packetflix.Server.CaptureApi;

/// <summary>
/// Turns request parameters into a capture target, in upstream's exact order (docs/protocol.md §6): pick the
/// input, check pid+starttime for staleness, refresh from the directory by (name, prefix), then apply the
/// interface rules. Error texts are upstream's, because existing clients show them.
/// </summary>
internal sealed partial class TargetResolver
{
    public const string ErrorNoTarget = "either container or netns query parameter required";
    public const string ErrorBothTargets = "container and netns query parameters are mutually exclusive";
    public const string ErrorNetnsNotFound = CaptureNamespace.ErrorNotFound;
    public const string ErrorCannotLock = CaptureNamespace.ErrorCannotLock;

    private readonly ITargetDirectory _directory;

    public TargetResolver(ITargetDirectory directory) => _directory = directory;

    public async Task<ResolveResult> ResolveAsync(CaptureParameters parameters, CancellationToken cancellationToken)
    {
        CaptureTarget target;
        if (parameters.Container is not null && parameters.Netns is not null)
        {
            return ResolveResult.Fail(CaptureErrorKind.InvalidParameter, ErrorBothTargets);
        }

        if (parameters.Container is not null)
        {
            if (!CaptureTargetJson.TryParse(parameters.Container, out var parsed, out var error))
            {
                return ResolveResult.Fail(CaptureErrorKind.InvalidParameter, "invalid container/target description: " + error);
            }

            target = parsed;
        }
        else if (parameters.Netns is not null)
        {
            if (!long.TryParse(parameters.Netns, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var inode) || inode <= 0)
            {
                return ResolveResult.Fail(CaptureErrorKind.InvalidParameter, $"invalid netns \"{parameters.Netns}\"");
            }

            target = new CaptureTarget { Netns = inode };
        }
        else
        {
            return ResolveResult.Fail(CaptureErrorKind.InvalidParameter, ErrorNoTarget);
        }

        var snapLength = CaptureOptions.MaximumSnapLength;
        if (parameters.SnapLength is { } snap
            && (!int.TryParse(snap, NumberStyles.None, CultureInfo.InvariantCulture, out snapLength)
                || snapLength is < 1 or > CaptureOptions.MaximumSnapLength))
        {
            return ResolveResult.Fail(CaptureErrorKind.InvalidParameter, $"invalid snaplen \"{snap}\": must be 1 to {CaptureOptions.MaximumSnapLength}");
        }

        if (IsStale(target))
        {
            target.Netns = 0;
        }

        if (target.Netns == 0)
        {
            var refreshed = await RefreshAsync(target, parameters.Nif is null, cancellationToken);
            if (refreshed.Error is not null)
            {
                return ResolveResult.Fail(CaptureErrorKind.DiscoveryFailed, refreshed.Error);
            }

            target = refreshed.Target!;
        }

        return new ResolveResult(new ResolvedCapture(target, InterfacesFor(target, parameters.Nif),
            string.IsNullOrEmpty(parameters.Filter) ? null : parameters.Filter, parameters.Chaste, snapLength), null);
    }

    /// <summary>Only a target with both pid and starttime can be checked; an unreadable process counts as stale.</summary>
    private static bool IsStale(CaptureTarget target)
    {
        return target.Pid > 0 && target.StartTime > 0 && !NetnsHandle.ProcessMatches(target.Pid, (ulong)target.StartTime);
    }

    private async Task<(CaptureTarget? Target, string? Error)> RefreshAsync(CaptureTarget target, bool keepInterfaces,
        CancellationToken cancellationToken)
    {
        var list = await _directory.ListAsync(cancellationToken);
        if (list.Error is not null)
        {
            return (null, "cannot update container meta data: " + list.Error);
        }

        // Upstream compares with Go's ==: case-sensitive, first match wins, type is not part of the key.
        var match = list.Targets!.FirstOrDefault(t => t.Name == target.Name && t.Prefix == target.Prefix);
        if (match is null)
        {
            return (target, null);
        }

        var originalInterfaces = target.NetworkInterfaces;
        // A copy, so that a directory may hand out cached targets.
        if (!CaptureTargetJson.TryParse(CaptureTargetJson.Serialize(match), out var refreshed, out var error))
        {
            return (null, "cannot update container meta data: " + error);
        }

        if (keepInterfaces && originalInterfaces is { Count: > 0 })
        {
            refreshed.NetworkInterfaces = originalInterfaces;
        }

        return (refreshed, null);
    }

    /// <summary>The <c>nif</c> rules of docs/protocol.md §5, plus <c>all</c>, which the capture engine expands to every
    /// interface of the namespace (upstream passes it to dumpcap, which fails).</summary>
    public static IReadOnlyList<string> InterfacesFor(CaptureTarget target, string? nif)
    {
        IReadOnlyList<string> list = nif is null or "any" ? target.NetworkInterfaces ?? [] : nif.Split('/');
        if (list.Count == 0 || list[0].Length == 0)
        {
            return ["any"];
        }

        return [.. list.Where(n => n.Length > 0).Distinct(StringComparer.Ordinal)];
    }
}
