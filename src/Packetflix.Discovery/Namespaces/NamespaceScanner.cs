using Packetflix.Linux;

namespace Packetflix.Discovery.Namespaces;

/// <summary>
/// Finds every network namespace: from processes (/proc/PID/ns/net), from nsfs bind mounts in every mount namespace
/// (each distinct mount namespace's mountinfo is read once, through one of its processes), and our own netns.
/// Kernel threads (kthreadd, PID 2, and its children) are skipped.
/// </summary>
internal static class NamespaceScanner
{
    /// <summary>kthreadd's PID: the parent of every kernel thread.</summary>
    public const int KthreaddPid = 2;

    /// <summary>Scans the live system; <paramref name="ownNetns"/> and <paramref name="ownMntns"/> are ours.</summary>
    public static Dictionary<ulong, NetnsRecord> Scan(ProcessTable processes, ulong ownNetns, ulong ownMntns)
    {
        ArgumentNullException.ThrowIfNull(processes);
        var records = FromProcesses(processes, ownNetns);
        AddBindMounts(records, ReadMountinfos(processes), ownMntns);
        return records;
    }

    /// <summary>Groups processes by netns and finds each netns' leaders.</summary>
    public static Dictionary<ulong, NetnsRecord> FromProcesses(ProcessTable processes, ulong ownNetns)
    {
        ArgumentNullException.ThrowIfNull(processes);
        var records = new Dictionary<ulong, NetnsRecord>();
        var initial = processes.Get(1)?.NetnsInode is > 0 and var pid1Netns ? pid1Netns : ownNetns;
        foreach (var process in processes.ByPid.Values.OrderBy(p => p.Pid))
        {
            var netns = EffectiveNetns(process, initial);
            if (netns == 0 || IsKernelThread(process))
            {
                continue;
            }

            var record = GetOrAdd(records, netns);
            record.Processes.Add(process);

            // A parent whose netns cannot be read (e.g. a PID 1 we may not ptrace) is taken to share the child's,
            // so that an unreadable init does not turn all its children into leaders.
            var parent = processes.Get(process.PPid);
            var parentNetns = parent is null ? 0 : EffectiveNetns(parent, initial);
            if (parent is null || (parentNetns != 0 && parentNetns != netns))
            {
                record.Leaders.Add(process);
            }
        }

        if (ownNetns != 0)
        {
            GetOrAdd(records, ownNetns);
        }

        if (initial != 0)
        {
            GetOrAdd(records, initial).Initial = true;
        }

        return records;
    }

    /// <summary>
    /// Adds the nsfs bind mounts of net namespaces found in <paramref name="mountinfos"/> (one entry per mount
    /// namespace: a PID inside it, its inode and its mountinfo text). Garbage lines are ignored.
    /// </summary>
    public static void AddBindMounts(Dictionary<ulong, NetnsRecord> records, IEnumerable<MountinfoText> mountinfos, ulong ownMntns)
    {
        ArgumentNullException.ThrowIfNull(records);
        ArgumentNullException.ThrowIfNull(mountinfos);

        // Ours first, so the paths users know (e.g. /run/netns/NAME on the host) come first.
        foreach (var mountinfo in mountinfos.OrderBy(m => m.MntnsInode == ownMntns ? 0 : 1).ThenBy(m => m.Pid))
        {
            foreach (var mount in MountInfo.ParseNsfsMounts(mountinfo.Text))
            {
                if (mount.NamespaceType != "net" || mount.Inode == 0)
                {
                    continue;
                }

                var record = GetOrAdd(records, mount.Inode);
                if (!record.BindMounts.Contains(mount.MountPoint))
                {
                    record.BindMounts.Add(mount.MountPoint);
                }

                var path = mountinfo.MntnsInode == ownMntns ? mount.MountPoint : $"/proc/{mountinfo.Pid}/root{mount.MountPoint}";
                if (!record.BindMountPaths.Contains(path))
                {
                    record.BindMountPaths.Add(path);
                }
            }
        }
    }

    /// <summary>The netns of a process; PID 1 defines the initial netns even when its link cannot be read.</summary>
    public static ulong EffectiveNetns(ProcessInfo process, ulong initial) =>
        process.NetnsInode != 0 ? process.NetnsInode : process.Pid == 1 ? initial : 0;

    /// <summary>True for kthreadd and the kernel threads it spawned.</summary>
    public static bool IsKernelThread(ProcessInfo process) =>
        process.Pid == KthreaddPid || process.PPid == KthreaddPid;

    /// <summary>Reads the mountinfo of each distinct mount namespace once, through its lowest PID.</summary>
    public static IEnumerable<MountinfoText> ReadMountinfos(ProcessTable processes)
    {
        var seen = new HashSet<ulong>();
        foreach (var process in processes.ByPid.Values.OrderBy(p => p.Pid))
        {
            if (process.MntnsInode == 0 || IsKernelThread(process) || !seen.Add(process.MntnsInode))
            {
                continue;
            }

            string text;
            try
            {
                text = File.ReadAllText($"/proc/{process.Pid}/mountinfo");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone: let a later process of the same mount namespace stand in.
                seen.Remove(process.MntnsInode);
                continue;
            }

            yield return new MountinfoText(process.Pid, process.MntnsInode, text);
        }
    }

    private static NetnsRecord GetOrAdd(Dictionary<ulong, NetnsRecord> records, ulong inode)
    {
        if (!records.TryGetValue(inode, out var record))
        {
            records[inode] = record = new NetnsRecord(inode);
        }

        return record;
    }
}
