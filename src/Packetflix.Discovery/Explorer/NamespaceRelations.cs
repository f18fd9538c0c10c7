using Microsoft.Win32.SafeHandles;
using Packetflix.Linux;

namespace Packetflix.Discovery.Explorer;

/// <summary>
/// Asks the kernel how the namespaces hang together (ioctl_ns(2)): the owning user namespace of each
/// (NS_GET_USERNS), the parent of PID and user namespaces (NS_GET_PARENT) and the creator of user namespaces
/// (NS_GET_OWNER_UID). User and PID namespaces reached only that way (no process of their own, e.g. the
/// intermediate user namespace of a nested <c>unshare</c>) are added to the snapshot.
/// </summary>
internal static class NamespaceRelations
{
    public static void Resolve(Dictionary<(NamespaceType, ulong), NamespaceNode> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var pending = new Queue<(NamespaceNode Node, SafeFileHandle? Fd)>(nodes.Values.Select(n => (n, (SafeFileHandle?)null)));
        var done = new HashSet<(NamespaceType, ulong)>();
        while (pending.TryDequeue(out var item))
        {
            var (node, fd) = item;
            if (!done.Add((node.Type, node.Inode)))
            {
                fd?.Dispose();
                continue;
            }

            fd ??= Open(node);
            if (fd is null)
            {
                node.Reason = "namespace could not be opened (its processes exited or it is not reachable)";
                continue;
            }

            using (fd)
            {
                if (Related(fd, NamespaceRelation.OwningUserNamespace, out var userns) is { } owner)
                {
                    node.UserNamespace = owner;
                    Enqueue(nodes, pending, NamespaceType.User, owner, userns!);
                }

                if (node.Type is NamespaceType.Pid or NamespaceType.User
                    && Related(fd, NamespaceRelation.Parent, out var parentFd) is { } parent)
                {
                    node.Parent = parent;
                    Enqueue(nodes, pending, node.Type, parent, parentFd!);
                }

                if (node.Type == NamespaceType.User && NamespaceFile.TryGetOwnerUid(fd, out var uid) == Errno.None)
                {
                    node.OwnerUid = uid;
                }
            }
        }
    }

    private static void Enqueue(Dictionary<(NamespaceType, ulong), NamespaceNode> nodes,
        Queue<(NamespaceNode, SafeFileHandle?)> pending, NamespaceType type, ulong inode, SafeFileHandle fd)
    {
        pending.Enqueue((NamespaceCollector.GetOrAdd(nodes, type, inode), fd));
    }

    /// <summary>The inode of the related namespace with its fd (owned by the caller); null when there is none in
    /// our scope (EPERM at the top of the hierarchy, EINVAL for types without a parent).</summary>
    private static ulong? Related(SafeFileHandle fd, NamespaceRelation relation, out SafeFileHandle? related)
    {
        if (NamespaceFile.TryGetRelated(fd, relation, out related) != Errno.None || related is null)
        {
            return null;
        }

        if (NamespaceFile.TryGetInode(related, out var inode))
        {
            return inode;
        }

        related.Dispose();
        related = null;
        return null;
    }

    private static SafeFileHandle? Open(NamespaceNode node)
    {
        foreach (var path in node.CandidatePaths)
        {
            if (NamespaceFile.TryOpen(path) is not { } fd)
            {
                continue;
            }

            // A PID can be reused by a process in other namespaces between the scan and now.
            if (NamespaceFile.TryGetInode(fd, out var inode) && inode == node.Inode)
            {
                return fd;
            }

            fd.Dispose();
        }

        return null;
    }
}
