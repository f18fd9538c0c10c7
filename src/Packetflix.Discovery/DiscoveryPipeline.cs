using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Packetflix.Discovery.Engines;
using Packetflix.Discovery.Model;
using Packetflix.Discovery.Namespaces;
using Packetflix.Discovery.Netlink;
using Packetflix.Linux;

namespace Packetflix.Discovery;

/// <summary>One full discovery: processes, namespaces, rtnetlink in every netns and the engines, in that order,
/// with the engine query running in parallel to the netlink dumps.</summary>
internal static class DiscoveryPipeline
{
    public static async Task<DiscoveryResult> RunAsync(IEngineSource engineSource, TimeProvider time, ILogger logger, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        NamespaceInode.TryGet("/proc/thread-self/ns/net", out var ownNetns);
        NamespaceInode.TryGet("/proc/thread-self/ns/mnt", out var ownMntns);
        var processes = ProcessTable.Scan();
        var records = NamespaceScanner.Scan(processes, ownNetns, ownMntns);

        var enginesTask = engineSource.GetAsync(processes, cancellationToken);
        var links = await NetworkScanner.ScanAsync(records.Values, ownNetns, cancellationToken);
        var peers = await PeerResolver.ResolveAsync(links, inode => records[inode].CandidatePaths, ownNetns);
        var lowers = await LowerDeviceResolver.ResolveAsync(links, inode => records[inode].CandidatePaths, ownNetns);

        EngineSnapshot engines;
        try
        {
            engines = await enginesTask;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            DiscoveryLog.EnginesFailed(logger, e);
            engines = EngineSnapshot.Empty;
        }

        var targets = TargetMapper.Map(records, processes, engines);
        var namespaces = records.Values
            .Select(r => new NetnsInfo(r.Inode, r.Initial, [.. r.BindMounts], targets[r.Inode],
                InterfaceBuilder.Build(links.GetValueOrDefault(r.Inode), peers, lowers))
            {
                Routes = links.GetValueOrDefault(r.Inode)?.Routes ?? [],
            })
            .OrderBy(n => n.Initial ? 0 : 1)
            .ThenBy(n => n.Targets.Count > 0 ? n.Targets[0].Name : "\uffff", StringComparer.Ordinal)
            .ThenBy(n => n.Inode)
            .ToList();
        var result = new DiscoveryResult(time.GetUtcNow(), HostInfo.Hostname(), HostInfo.KernelVersion(), engines.Engines, namespaces);
        DiscoveryLog.Discovered(logger, namespaces.Count, result.Targets.Count, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return result;
    }
}
