using Packetflix.Discovery.Namespaces;
using Packetflix.Linux;

namespace Packetflix.Discovery.Explorer;

/// <summary>
/// Groups processes into namespaces of all eight types, finds each namespace's leaders (processes whose parent is
/// in another namespace of that type) and adds the namespaces found only as nsfs bind mounts. Pure: the namespace
/// links come from <c>readNamespaces</c>, so tests feed fake ones.
/// </summary>
internal static class NamespaceCollector
{
    public static NamespaceSnapshot Collect(
        ProcessTable processes,
        Func<int, Dictionary<NamespaceType, ulong>> readNamespaces,
        IEnumerable<MountinfoText> mountinfos,
        ulong ownMntns,
        Dictionary<NamespaceType, ulong> own)
    {
        ArgumentNullException.ThrowIfNull(processes);
        ArgumentNullException.ThrowIfNull(readNamespaces);
        ArgumentNullException.ThrowIfNull(mountinfos);
        ArgumentNullException.ThrowIfNull(own);
        var memberships = new Dictionary<int, Dictionary<NamespaceType, ulong>>();
        var vanished = 0;
        foreach (var process in processes.ByPid.Values)
        {
            if (NamespaceScanner.IsKernelThread(process))
            {
                continue;
            }

            var map = readNamespaces(process.Pid);
            if (map.Count == 0)
            {
                // Exited between the process listing and now: an expected outcome on a live host.
                vanished++;
                continue;
            }

            memberships[process.Pid] = map;
        }

        var nodes = new Dictionary<(NamespaceType, ulong), NamespaceNode>();
        foreach (var (pid, map) in memberships.OrderBy(m => m.Key))
        {
            var process = processes.Get(pid)!;
            memberships.TryGetValue(process.PPid, out var parentMap);
            foreach (var (type, inode) in map)
            {
                var node = GetOrAdd(nodes, type, inode);
                node.Processes.Add(process);

                // A parent whose links cannot be read (gone, or PID 0) does not count as another namespace unless
                // there is no parent at all: an unreadable init must not turn all its children into leaders.
                var parentInode = parentMap is not null && parentMap.TryGetValue(type, out var p) ? p : 0;
                if (processes.Get(process.PPid) is null || (parentInode != 0 && parentInode != inode))
                {
                    node.Leaders.Add(process);
                }
            }
        }

        var initial = memberships.TryGetValue(1, out var init) ? init : own;
        foreach (var type in NamespaceTypes.All)
        {
            if ((initial.TryGetValue(type, out var inode) || own.TryGetValue(type, out inode)) && inode != 0)
            {
                GetOrAdd(nodes, type, inode).Initial = true;
            }
        }

        AddBindMounts(nodes, mountinfos, ownMntns);
        return new NamespaceSnapshot(nodes, memberships, processes, vanished);
    }

    /// <summary>Adds nsfs bind mounts of every namespace type, ours first so host paths come first.</summary>
    public static void AddBindMounts(Dictionary<(NamespaceType, ulong), NamespaceNode> nodes, IEnumerable<MountinfoText> mountinfos, ulong ownMntns)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        ArgumentNullException.ThrowIfNull(mountinfos);
        foreach (var mountinfo in mountinfos.OrderBy(m => m.MntnsInode == ownMntns ? 0 : 1).ThenBy(m => m.Pid))
        {
            foreach (var mount in MountInfo.ParseNsfsMounts(mountinfo.Text))
            {
                var type = NamespaceTypes.Parse(mount.NamespaceType);
                if (type == NamespaceType.None || mount.Inode == 0)
                {
                    continue;
                }

                var node = GetOrAdd(nodes, type, mount.Inode);
                if (!node.BindMounts.Contains(mount.MountPoint))
                {
                    node.BindMounts.Add(mount.MountPoint);
                }

                var path = mountinfo.MntnsInode == ownMntns ? mount.MountPoint : $"/proc/{mountinfo.Pid}/root{mount.MountPoint}";
                if (!node.BindMountPaths.Contains(path))
                {
                    node.BindMountPaths.Add(path);
                }
            }
        }
    }

    public static NamespaceNode GetOrAdd(Dictionary<(NamespaceType, ulong), NamespaceNode> nodes, NamespaceType type, ulong inode)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (!nodes.TryGetValue((type, inode), out var node))
        {
            nodes[(type, inode)] = node = new NamespaceNode(type, inode);
        }

        return node;
    }
}
