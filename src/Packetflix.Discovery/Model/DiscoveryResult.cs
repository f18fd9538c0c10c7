using Packetflix.Core.Targets;
using Packetflix.Discovery.Engines;

namespace Packetflix.Discovery.Model;

/// <summary>One complete discovery: immutable, so it can be cached and shared between requests.</summary>
/// <param name="CreatedAt">When the discovery finished.</param>
/// <param name="Hostname">The host's name.</param>
/// <param name="KernelVersion">Contents of /proc/version.</param>
/// <param name="Engines">Container engines found.</param>
/// <param name="Namespaces">Every netns: the initial one first, then by the name of their first target.</param>
public sealed record DiscoveryResult(
    DateTimeOffset CreatedAt,
    string Hostname,
    string KernelVersion,
    IReadOnlyList<EngineInfo> Engines,
    IReadOnlyList<NetnsInfo> Namespaces)
{
    /// <summary>Every capture target with its netns: those of the initial netns first, then by name and prefix.</summary>
    public IReadOnlyList<(NetnsInfo Netns, TargetInfo Target)> Targets { get; } =
        [.. Namespaces.SelectMany(n => n.Targets.Select(t => (Netns: n, Target: t)))
            .OrderBy(p => p.Netns.Initial ? 0 : 1)
            .ThenBy(p => p.Target.Name, StringComparer.Ordinal)
            .ThenBy(p => p.Target.Prefix, StringComparer.Ordinal)
            .ThenBy(p => p.Netns.Inode)];

    /// <summary>The targets as the capture core's <see cref="CaptureTarget"/> (a fresh copy per call).</summary>
    public List<CaptureTarget> ToCaptureTargets() =>
        [.. Targets.Select(p => new CaptureTarget
        {
            Name = p.Target.Name,
            Type = p.Target.Type,
            Netns = (long)p.Netns.Inode,
            NetworkInterfaces = [.. p.Netns.CapturableInterfaces],
            Prefix = p.Target.Prefix,
            Pid = p.Target.Pid,
            StartTime = (long)p.Target.StartTime,
        })];
}
