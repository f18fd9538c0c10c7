using System.Globalization;
using System.Runtime.CompilerServices;
using Packetflix.Discovery.Json;
using Packetflix.Discovery.Model;
using Packetflix.Linux;

namespace Packetflix.Discovery.Explorer;

/// <summary>
/// Computes the costly <c>/json</c> parts (sockets with owners, forwarded ports, container details) once per
/// discovery result, only when <c>/json</c> is asked for: <c>/mobyshark</c> never pays for them. The task is kept
/// with the (immutable, cached) result and shared by every caller rendering it.
/// </summary>
public static class JsonExtrasBuilder
{
    private static readonly ConditionalWeakTable<DiscoveryResult, Task<JsonExtras>> Cache = [];

    public static Task<JsonExtras> GetAsync(DiscoveryResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return Cache.GetValue(result, r => Task.Run(() => BuildAsync(r)));
    }

    private static async Task<JsonExtras> BuildAsync(DiscoveryResult result)
    {
        var processes = ProcessTable.Scan();
        var owners = SocketOwners.Scan(processes.ByPid.Keys);
        NamespaceInode.TryGet("/proc/thread-self/ns/net", out var ownNetns);
        var forwarded = ForwardedPorts.Merge(result.Namespaces, ForwardedPorts.Proxies(processes));
        var netns = new Dictionary<ulong, NetnsExtras>();
        foreach (var ns in result.Namespaces)
        {
            var pid = ns.Targets.Select(t => t.Pid).FirstOrDefault(p => p > 0);
            if (pid == 0 && ns.Inode == ownNetns)
            {
                pid = Environment.ProcessId;
            }

            var ports = forwarded.GetValueOrDefault(ns.Inode) ?? [];
            if (pid == 0)
            {
                netns[ns.Inode] = new NetnsExtras(null, ports, "no process in this network namespace to read its sockets through");
                continue;
            }

            var (sockets, reason) = Sockets(pid, ns, owners, processes);
            netns[ns.Inode] = new NetnsExtras(sockets, ports, reason);
        }

        var details = new Dictionary<int, UiDetails>();
        foreach (var (_, target) in result.Targets)
        {
            if (target.Pid > 0 && !details.ContainsKey(target.Pid))
            {
                details[target.Pid] = await ContainerDetailsReader.ReadAsync(target.Pid);
            }
        }

        return new JsonExtras(netns, details);
    }

    private static (List<UiSocket>? Sockets, string? Reason) Sockets(int pid, NetnsInfo ns, Dictionary<ulong, int> owners, ProcessTable processes)
    {
        var sockets = new List<UiSocket>();
        var missing = new List<string>();
        foreach (var proto in (string[])["tcp", "tcp6", "udp", "udp6"])
        {
            string text;
            try
            {
                text = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/net/{proto}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                missing.Add(proto);
                continue;
            }

            foreach (var (state, local, remote, inode) in ProcNetSockets.Parse(text, proto.StartsWith('u')))
            {
                int? owner = owners.TryGetValue(inode, out var o) ? o : null;
                sockets.Add(new UiSocket(proto, state, local, remote, inode, owner,
                    owner is { } p ? processes.Get(p)?.Comm : null, owner is { } q ? ContainerOf(q, ns, processes) : null));
            }
        }

        // The representative is gone (all four unreadable): nothing known, rather than an empty list that says "none".
        return missing.Count == 4
            ? (null, "the process the sockets were to be read through is gone")
            : (sockets, missing.Count > 0 ? "not readable: " + string.Join(", ", missing) : null);
    }

    /// <summary>The container target of <paramref name="ns"/> that <paramref name="pid"/> descends from.</summary>
    private static string? ContainerOf(int pid, NetnsInfo ns, ProcessTable processes)
    {
        var containers = ns.Targets.Where(t => t.Pid > 0 && t.Type is not ("proc" or "bindmount")).ToList();
        for (var (current, hops) = (pid, 0); current > 1 && hops < 64; hops++)
        {
            if (containers.FirstOrDefault(t => t.Pid == current) is { } target)
            {
                return ContainerIndex.Display(target.Prefix, target.Name);
            }

            current = processes.Get(current)?.PPid ?? 0;
        }

        return null;
    }
}
