using Packetflix.Discovery.Json;
using Packetflix.Discovery.Model;
using Packetflix.Linux;

namespace Packetflix.Discovery.Explorer;

/// <summary>Renders a <see cref="NamespaceSnapshot"/> as the <c>/api/namespaces</c> document.</summary>
internal static class NamespaceDocument
{
    public static ApiNamespacesDocument Build(NamespaceSnapshot snapshot, DiscoveryResult? discovery,
        IReadOnlyDictionary<uint, string> users, Func<int, string> cmdline)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(users);
        ArgumentNullException.ThrowIfNull(cmdline);
        var containers = ContainerIndex.Build(snapshot, discovery);
        var namespaces = new List<ApiNamespace>(snapshot.Nodes.Count);
        foreach (var node in snapshot.Nodes.Values.OrderBy(n => NamespaceTypes.Name(n.Type), StringComparer.Ordinal)
            .ThenBy(n => n.Initial ? 0 : 1).ThenBy(n => n.Inode))
        {
            // The owner UID of a namespace is that of its owning user namespace (a user namespace: its own).
            var ownerNode = node.Type == NamespaceType.User ? node
                : node.UserNamespace is { } userns ? snapshot.Find(NamespaceType.User, userns) : null;
            var ownerUid = ownerNode?.OwnerUid;
            var ealdorman = node.Ealdorman;
            namespaces.Add(new ApiNamespace(
                NamespaceTypes.Name(node.Type), node.Inode, node.Initial, ownerUid,
                ownerUid is { } uid && users.TryGetValue(uid, out var name) ? name : null,
                node.UserNamespace, node.Parent,
                ealdorman is null ? null : new ApiEaldorman(ealdorman.Pid, ealdorman.Comm, cmdline(ealdorman.Pid), ealdorman.StartTime),
                [.. node.Leaders.Select(l => new ApiProcess(l.Pid, l.Comm))],
                node.Processes.Count,
                containers.TryGetValue((node.Type, node.Inode), out var refs) ? refs : [],
                node.BindMounts, node.Reason is not null, node.Reason));
        }

        var partial = namespaces.Count(n => n.Partial);
        string? reason = null;
        if (partial > 0 || snapshot.Vanished > 0)
        {
            reason = $"{partial} namespaces incomplete, {snapshot.Vanished} processes vanished while scanning";
        }

        return new ApiNamespacesDocument(namespaces, reason is not null, reason);
    }
}
