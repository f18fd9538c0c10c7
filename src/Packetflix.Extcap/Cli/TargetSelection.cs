using System.Text.RegularExpressions;
using Packetflix.Core.Targets;
using Packetflix.Extcap.Client;

namespace Packetflix.Extcap.Cli;

/// <summary>
/// What <c>packetflix capture</c> and <c>ls</c> select (docs/clients.md, "Selecting targets"): the named targets, plus
/// every container or pod carrying all <c>--label</c>s, each widened to its pod with <c>--all-of-pod</c>. Labels and
/// pods are only in the embedded discovery's <c>/json</c>, so it is read only when a selector needs it.
/// </summary>
internal sealed partial record TargetSelection(IReadOnlyList<string> Names, IReadOnlyList<LabelSelector> Labels, bool AllOfPod)
{
    public bool IsEmpty => Names.Count == 0 && Labels.Count == 0;

    /// <summary>Whether <c>/json</c> is needed (labels or pods).</summary>
    public bool NeedsLabels => Labels.Count > 0 || AllOfPod;

    public async Task<IReadOnlyList<CaptureTarget>> ResolveAsync(HostUrl host, ConnectionOptions connection, CancellationToken cancellationToken)
    {
        var targets = await DiscoveryClient.GetTargetsAsync(host, connection, cancellationToken);
        var labelled = NeedsLabels ? await DiscoveryClient.GetLabelledTargetsAsync(host, connection, cancellationToken) : [];
        return Select(targets, labelled);
    }

    /// <summary>The selected targets in order (names first, then label matches in discovery order), without duplicates.</summary>
    public IReadOnlyList<CaptureTarget> Select(IReadOnlyList<CaptureTarget> targets, IReadOnlyList<LabelledTarget> labelled)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(labelled);
        if (IsEmpty)
        {
            throw new ClientException("name a target or select some with --label key=value (packetflix ls lists them)");
        }

        var selected = new List<CaptureTarget>();
        foreach (var name in Names)
        {
            selected.Add(MatchName(name, targets, labelled));
        }

        if (Labels.Count > 0)
        {
            var byLabel = LabelMatches(targets, labelled);
            if (byLabel.Count == 0)
            {
                throw new ClientException(NoLabelMatch(labelled));
            }

            selected.AddRange(byLabel);
        }

        return Widened(selected, targets, labelled);
    }

    /// <summary>
    /// What this selection picks on one of several hosts (docs/clients.md, "Several hosts"): a name is looked up on every
    /// host, and one this host does not have is left out here (<see cref="HostSelection.Found"/> says which were there);
    /// one that is ambiguous on it is an error as for one host. Labels select on each host; no match here is no error.
    /// </summary>
    public HostSelection SelectOnHost(IReadOnlyList<CaptureTarget> targets, IReadOnlyList<LabelledTarget> labelled)
    {
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(labelled);
        var found = new List<string>();
        var selected = new List<CaptureTarget>();
        foreach (var name in Names)
        {
            if (FindOnHost(name, targets, labelled) is { } target)
            {
                found.Add(name);
                selected.Add(target);
            }
        }

        var byLabel = Labels.Count > 0 ? LabelMatches(targets, labelled) : [];
        selected.AddRange(byLabel);
        return new HostSelection(Widened(selected, targets, labelled), found, byLabel.Count > 0);
    }

    /// <summary>The error for labels that match on no host (of one, or of several: their <c>/json</c> entries together).</summary>
    public string NoLabelMatch(IReadOnlyList<LabelledTarget> labelled)
    {
        ArgumentNullException.ThrowIfNull(labelled);
        var text = $"no container or pod has the label{(Labels.Count > 1 ? "s" : string.Empty)} {string.Join(", ", Labels)}";
        var values = labelled.SelectMany(l => l.Labels).Where(l => Labels.Any(s => s.Key == l.Key))
            .Select(l => $"{l.Key}={l.Value}").Distinct().Order(StringComparer.Ordinal).Take(5).ToList();
        return text + (values.Count > 0 ? $"; present: {string.Join(", ", values)}" : string.Empty) + " (packetflix ls --json shows the targets)";
    }

    private List<CaptureTarget> LabelMatches(IReadOnlyList<CaptureTarget> targets, IReadOnlyList<LabelledTarget> labelled) =>
        [.. targets.Where(t => labelled.FirstOrDefault(l => l.Describes(t)) is { } entry && Labels.All(s => s.Matches(entry.Labels)))];

    /// <summary>With <c>--all-of-pod</c> each target stands for its pod; each once, at most <see cref="TargetMatcher.MaxTargets"/>.</summary>
    private List<CaptureTarget> Widened(List<CaptureTarget> selected, IReadOnlyList<CaptureTarget> targets, IReadOnlyList<LabelledTarget> labelled)
    {
        var result = new List<CaptureTarget>();
        foreach (var target in AllOfPod ? selected.Select(t => PodOf(t, targets, labelled)) : selected)
        {
            if (!result.Contains(target))
            {
                result.Add(target);
            }
        }

        return result.Count > TargetMatcher.MaxTargets
            ? throw new ClientException($"too many targets: {result.Count} selected (at most {TargetMatcher.MaxTargets} per capture)")
            : result;
    }

    /// <summary>The target <paramref name="name"/> means on this host, or null when the host has none by that name (a
    /// netns inode counts only where discovery lists it: which host would have it is unknown otherwise).</summary>
    private CaptureTarget? FindOnHost(string name, IReadOnlyList<CaptureTarget> targets, IReadOnlyList<LabelledTarget> labelled)
    {
        if (long.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var inode)
            && inode > 0)
        {
            return targets.FirstOrDefault(t => t.Netns == inode);
        }

        if (targets.Any(t => string.Equals(TargetMatcher.Display(t), name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return TargetMatcher.Match(name, targets);
        }

        return AllOfPod ? PodByContainerName(name, targets, labelled) : null;
    }

    private CaptureTarget MatchName(string name, IReadOnlyList<CaptureTarget> targets, IReadOnlyList<LabelledTarget> labelled)
    {
        try
        {
            return TargetMatcher.Match(name, targets)
                ?? new CaptureTarget { Netns = long.Parse(name, System.Globalization.CultureInfo.InvariantCulture) };
        }
        catch (ClientException) when (AllOfPod && PodByContainerName(name, targets, labelled) is { } pod)
        {
            return pod;
        }
    }

    /// <summary>With <c>--all-of-pod</c> a name that is no target may be a container of a pod, which discovery folds into
    /// the pod target (docs/discovery.md, step 6): a <c>/json</c> entry with that name and a pod, a dockershim/cri-dockerd
    /// container name (<c>k8s_&lt;container&gt;_&lt;pod&gt;_&lt;namespace&gt;_&lt;uid&gt;_&lt;attempt&gt;</c>, the
    /// kubelet's naming), or the pod's name without its namespace when only one namespace has it.</summary>
    private static CaptureTarget? PodByContainerName(string name, IReadOnlyList<CaptureTarget> targets, IReadOnlyList<LabelledTarget> labelled)
    {
        var pods = targets.Where(t => t.Type == "pod").ToList();
        if (labelled.FirstOrDefault(l => l.Name == name && l.Pod is not null) is { } member
            && pods.FirstOrDefault(p => p.Name == member.Pod && p.Prefix == member.Prefix) is { } byMember)
        {
            return byMember;
        }

        if (DockershimName().Match(name) is { Success: true } match
            && pods.FirstOrDefault(p => p.Name == $"{match.Groups["ns"].Value}/{match.Groups["pod"].Value}") is { } byDockerName)
        {
            return byDockerName;
        }

        var byShortName = pods.Where(p => p.Name.EndsWith("/" + name, StringComparison.Ordinal)).ToList();
        return byShortName.Count == 1 ? byShortName[0] : null;
    }

    /// <summary>The pod a target belongs to: itself for a pod; for a container the pod target named by its <c>/json</c>
    /// pod, else the pod target of its network namespace; else itself (containers that share a namespace without a pod,
    /// like Docker's <c>--network container:</c>, see every packet of each other: capturing one is capturing all).</summary>
    private static CaptureTarget PodOf(CaptureTarget target, IReadOnlyList<CaptureTarget> targets, IReadOnlyList<LabelledTarget> labelled)
    {
        if (target.Type == "pod")
        {
            return target;
        }

        var pods = targets.Where(t => t.Type == "pod").ToList();
        if (labelled.FirstOrDefault(l => l.Describes(target)) is { Pod: { } podName }
            && pods.FirstOrDefault(p => p.Name == podName && p.Prefix == target.Prefix) is { } named)
        {
            return named;
        }

        return pods.FirstOrDefault(p => p.Netns == target.Netns && target.Netns != 0) ?? target;
    }

    [GeneratedRegex(@"^k8s_(?<container>[^_]+)_(?<pod>[^_]+)_(?<ns>[^_]+)_(?<uid>[^_]+)_(?<attempt>\d+)$")]
    private static partial Regex DockershimName();
}
