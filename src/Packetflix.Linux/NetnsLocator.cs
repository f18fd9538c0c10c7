using System.Globalization;

namespace Packetflix.Linux;

/// <summary>
/// Finds a path that opens the network namespace with a given inode, in the order upstream Packetflix checks
/// (docs/protocol.md §6 step 5): processes first, then nsfs bind mounts in our mount namespace, then nsfs bind
/// mounts in other mount namespaces. The bind-mount steps find namespaces with no process inside, such as those
/// made by <c>ip netns add</c> (/run/netns/NAME) or kept by container runtimes (/run/docker/netns/ID).
/// Processes come and go while we scan; a vanished or unreadable one is skipped silently.
/// </summary>
public sealed class NetnsLocator
{
    private readonly string _procRoot;

    /// <param name="procRoot">The procfs mount to scan; tests point this at a fake tree.</param>
    public NetnsLocator(string procRoot = "/proc")
    {
        _procRoot = procRoot.TrimEnd('/');
    }

    /// <summary>Returns a location of the netns, or null if no process or bind mount refers to it.</summary>
    public NetnsLocation? Locate(ulong inode)
    {
        var mountNamespaces = new Dictionary<ulong, int>();
        NamespaceInode.TryGet($"{_procRoot}/self/ns/mnt", out var ownMountNamespace);

        foreach (var pid in EnumeratePids())
        {
            var netPath = NsPath(pid, "net");
            if (NamespaceInode.TryGet(netPath, out var netInode) && netInode == inode)
            {
                return new NetnsLocation(netPath, pid);
            }

            // One representative process per mount namespace is enough to read that namespace's mount table.
            if (NamespaceInode.TryGet(NsPath(pid, "mnt"), out var mntInode) && mntInode != ownMountNamespace)
            {
                mountNamespaces.TryAdd(mntInode, pid);
            }
        }

        var own = FindMount($"{_procRoot}/self/mountinfo", inode, prefix: string.Empty);
        if (own is not null)
        {
            return own;
        }

        foreach (var pid in mountNamespaces.Values)
        {
            // /proc/PID/root is that process's view of the file system, so a mount point from its mount
            // namespace can be opened from ours through it (proc_pid_root(5)).
            var pidText = pid.ToString(CultureInfo.InvariantCulture);
            var found = FindMount($"{_procRoot}/{pidText}/mountinfo", inode, prefix: $"{_procRoot}/{pidText}/root");
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>Up to <paramref name="limit"/> pids whose /proc/PID/ns/net is the netns with <paramref name="inode"/>.</summary>
    public IReadOnlyList<int> FindProcessesInNetns(ulong inode, int limit)
    {
        var result = new List<int>();
        if (limit <= 0)
        {
            return result;
        }

        foreach (var pid in EnumeratePids())
        {
            if (NamespaceInode.TryGet(NsPath(pid, "net"), out var netInode) && netInode == inode)
            {
                result.Add(pid);
                if (result.Count >= limit)
                {
                    break;
                }
            }
        }

        return result;
    }

    private static NetnsLocation? FindMount(string mountinfoPath, ulong inode, string prefix)
    {
        string text;
        try
        {
            text = File.ReadAllText(mountinfoPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        foreach (var mount in MountInfo.ParseNsfsMounts(text))
        {
            if (mount.Inode != inode || mount.NamespaceType != "net")
            {
                continue;
            }

            // The mount table can be stale by the time we look (unmounted, or over-mounted by something else),
            // so only a path that really opens this namespace counts.
            var path = prefix + mount.MountPoint;
            if (NamespaceInode.TryGet(path, out var actual) && actual == inode)
            {
                return new NetnsLocation(path, null);
            }
        }

        return null;
    }

    private string NsPath(int pid, string type)
    {
        return $"{_procRoot}/{pid.ToString(CultureInfo.InvariantCulture)}/ns/{type}";
    }

    private IEnumerable<int> EnumeratePids()
    {
        IEnumerable<string> entries;
        try
        {
            entries = Directory.EnumerateDirectories(_procRoot);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var entry in entries)
        {
            var name = Path.GetFileName(entry.AsSpan());
            if (int.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) && pid > 0)
            {
                yield return pid;
            }
        }
    }
}
