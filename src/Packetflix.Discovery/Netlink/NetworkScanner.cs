using Packetflix.Discovery.Namespaces;
using Packetflix.Linux;

namespace Packetflix.Discovery.Netlink;

/// <summary>Reads interfaces and addresses of every netns through rtnetlink, in parallel, without subprocesses.</summary>
internal static class NetworkScanner
{
    /// <summary>Dumps links and addresses of each netns. Namespaces that vanished or cannot be entered are left out.</summary>
    public static async Task<Dictionary<ulong, NetnsLinks>> ScanAsync(
        IReadOnlyCollection<NetnsRecord> records, ulong ownNetns, CancellationToken cancellationToken)
    {
        var list = records.ToList();

        // A few dedicated threads visit the namespaces in turn (a thread per netns was most of the cost at thousands
        // of namespaces). Each visit is three short dumps whose syscalls block briefly, so a little more parallelism
        // than cores keeps both the CPU and the kernel busy.
        var all = await NamespaceBatch.RunEachAsync(list, NamespaceType.Net,
            record => NetnsSocketOpener.OpenNetns(record.Inode, PathsOf(record, ownNetns)),
            Read, Math.Max(2, Environment.ProcessorCount * 2), cancellationToken);

        var results = new Dictionary<ulong, NetnsLinks>(list.Count);
        for (var i = 0; i < list.Count; i++)
        {
            if (all[i] is { } links)
            {
                results[list[i].Inode] = links;
            }
        }

        return results;
    }

    // Our own netns is always open to us through /proc/self (the main thread's, which never switches), even when
    // no process of it made the table.
    private static IEnumerable<string> PathsOf(NetnsRecord record, ulong ownNetns) =>
        record.Inode == ownNetns ? record.CandidatePaths.Prepend("/proc/self/ns/net") : record.CandidatePaths;

    // Runs inside the record's netns, on a batch thread.
    private static NetnsLinks? Read(NetnsRecord record)
    {
        try
        {
            using var socket = RtnetlinkSocket.Open();
            var links = new NetnsLinks(record.Inode, socket.DumpLinks(), socket.DumpAddresses());
            try
            {
                // One more short dump on the open socket; routes missing never cost the interfaces.
                return links with { Routes = socket.DumpRoutes() };
            }
            catch (ErrnoException)
            {
                return links;
            }
        }
        catch (ErrnoException)
        {
            // The netns went away mid-dump or the kernel refused: leave it out of this discovery.
            return null;
        }
    }
}
