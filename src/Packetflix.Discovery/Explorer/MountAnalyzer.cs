using System.Globalization;
using Packetflix.Discovery.Json;
using Packetflix.Linux;

namespace Packetflix.Discovery.Explorer;

/// <summary>
/// Turns a mount table into the explorer's view: read-only flag, propagation with the peer and master group ids
/// resolved to the mounts sharing them (mount_namespaces(7), "Shared subtrees"), and overmounts. mountinfo lists
/// mounts in the order they were attached to the namespace, so a mount is hidden when a LATER mount sits at the same
/// mount point or at a parent path of it and is not one of its own ancestors (a later mount on "/a" covers an
/// earlier "/a/b"). Linear in the number of mounts times the path depth, so a 10 000-mount table is fast.
/// </summary>
internal static class MountAnalyzer
{
    public static List<ApiMount> Analyze(IReadOnlyList<MountEntry> mounts)
    {
        ArgumentNullException.ThrowIfNull(mounts);
        var propagation = mounts.Select(ParsePropagation).ToArray();
        var byShared = new Dictionary<int, List<int>>();
        for (var i = 0; i < mounts.Count; i++)
        {
            if (propagation[i].Shared is { } group)
            {
                if (!byShared.TryGetValue(group, out var list))
                {
                    byShared[group] = list = [];
                }

                list.Add(mounts[i].Id);
            }
        }

        // Mount points → indexes of the mounts there, in table order.
        var byPath = new Dictionary<string, List<int>>(mounts.Count, StringComparer.Ordinal);
        var indexById = new Dictionary<int, int>(mounts.Count);
        for (var i = 0; i < mounts.Count; i++)
        {
            if (!byPath.TryGetValue(mounts[i].MountPoint, out var list))
            {
                byPath[mounts[i].MountPoint] = list = [];
            }

            list.Add(i);
            indexById.TryAdd(mounts[i].Id, i);
        }

        var result = new List<ApiMount>(mounts.Count);
        for (var i = 0; i < mounts.Count; i++)
        {
            var mount = mounts[i];
            var p = propagation[i];
            var peers = p.Shared is { } shared ? byShared[shared].Where(id => id != mount.Id).ToList() : [];
            var masters = p.Master is { } master && byShared.TryGetValue(master, out var m) ? m : [];
            var hiddenBy = HiddenBy(mounts, byPath, indexById, i);
            result.Add(new ApiMount(mount.Id, mount.ParentId, mount.MountPoint, mount.Root, mount.FsType, mount.Source,
                mount.Device, mount.Options, mount.SuperOptions, IsReadOnly(mount.Options),
                new ApiPropagation(p.Shared, p.Master, p.PropagateFrom, p.Unbindable, peers, masters),
                hiddenBy is not null, hiddenBy));
        }

        return result;
    }

    /// <summary>The topmost later mount covering mount <paramref name="index"/>; null when it is visible.</summary>
    private static int? HiddenBy(IReadOnlyList<MountEntry> mounts, Dictionary<string, List<int>> byPath,
        Dictionary<int, int> indexById, int index)
    {
        var mount = mounts[index];
        HashSet<int>? ancestors = null;
        var path = mount.MountPoint;
        while (true)
        {
            if (byPath.TryGetValue(path, out var there))
            {
                for (var k = there.Count - 1; k >= 0 && there[k] > index; k--)
                {
                    var candidate = mounts[there[k]];
                    ancestors ??= Ancestors(mounts, indexById, index);
                    if (!ancestors.Contains(candidate.Id))
                    {
                        return candidate.Id;
                    }
                }
            }

            if (path == "/" || path.Length == 0)
            {
                return null;
            }

            var slash = path.LastIndexOf('/');
            path = slash <= 0 ? "/" : path[..slash];
        }
    }

    private static HashSet<int> Ancestors(IReadOnlyList<MountEntry> mounts, Dictionary<int, int> indexById, int index)
    {
        var result = new HashSet<int>();
        var current = mounts[index];
        while (indexById.TryGetValue(current.ParentId, out var parent) && result.Add(current.ParentId))
        {
            current = mounts[parent];
        }

        return result;
    }

    /// <summary>The per-mount option "ro" (proc_pid_mountinfo(5) field 6 starts with rw or ro).</summary>
    public static bool IsReadOnly(string options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options == "ro" || options.StartsWith("ro,", StringComparison.Ordinal);
    }

    private static (int? Shared, int? Master, int? PropagateFrom, bool Unbindable) ParsePropagation(MountEntry mount)
    {
        int? shared = null, master = null, from = null;
        var unbindable = false;
        foreach (var field in mount.OptionalFields)
        {
            var colon = field.IndexOf(':', StringComparison.Ordinal);
            var tag = colon < 0 ? field : field[..colon];
            int? value = colon >= 0 && int.TryParse(field.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;
            switch (tag)
            {
                case "shared":
                    shared = value;
                    break;
                case "master":
                    master = value;
                    break;
                case "propagate_from":
                    from = value;
                    break;
                case "unbindable":
                    unbindable = true;
                    break;
                default:
                    break;
            }
        }

        return (shared, master, from, unbindable);
    }
}
