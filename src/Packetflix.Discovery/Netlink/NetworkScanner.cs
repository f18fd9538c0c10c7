using System.Collections.Concurrent;
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
        var results = new ConcurrentDictionary<ulong, NetnsLinks>();

        // Each netns costs a thread start plus two short dumps; the syscalls block briefly, so a little more
        // parallelism than cores keeps both the CPU and the kernel busy.
        var options = new ParallelOptions
        {
            MaxDegreeOfParallelism = Math.Max(2, Environment.ProcessorCount * 2),
            CancellationToken = cancellationToken,
        };
        await Parallel.ForEachAsync(records, options, async (record, _) =>
        {
            if (await ReadAsync(record, ownNetns) is { } links)
            {
                results[record.Inode] = links;
            }
        });
        return new Dictionary<ulong, NetnsLinks>(results);
    }

    private static async Task<NetnsLinks?> ReadAsync(NetnsRecord record, ulong ownNetns)
    {
        try
        {
            using var socket = await NetnsSocketOpener.OpenSocketAsync(record.Inode, record.CandidatePaths, ownNetns);
            if (socket is null)
            {
                return null;
            }

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
