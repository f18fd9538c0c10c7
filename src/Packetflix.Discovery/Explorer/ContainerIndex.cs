using Packetflix.Discovery.Json;
using Packetflix.Discovery.Model;
using Packetflix.Linux;

namespace Packetflix.Discovery.Explorer;

/// <summary>
/// Which containers each namespace belongs to: a non-initial namespace that a container's initial process is in.
/// Initial namespaces belong to the host even when a container shares them (e.g. the user namespace without
/// userns-remap). Containers in containers are shown as <c>[prefix]:name</c>, prefix being the enclosing containers.
/// </summary>
internal static class ContainerIndex
{
    public static Dictionary<(NamespaceType, ulong), List<ApiContainerRef>> Build(NamespaceSnapshot snapshot, DiscoveryResult? discovery)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var result = new Dictionary<(NamespaceType, ulong), List<ApiContainerRef>>();
        if (discovery is null)
        {
            return result;
        }

        foreach (var (_, target) in discovery.Targets)
        {
            if (target.Pid <= 0 || target.Type is "proc" or "bindmount" || !snapshot.Memberships.TryGetValue(target.Pid, out var map))
            {
                continue;
            }

            var reference = new ApiContainerRef(target.Name, target.Type, target.Prefix, Display(target.Prefix, target.Name));
            foreach (var (type, inode) in map)
            {
                if (snapshot.Find(type, inode) is { Initial: false })
                {
                    if (!result.TryGetValue((type, inode), out var list))
                    {
                        result[(type, inode)] = list = [];
                    }

                    if (!list.Contains(reference))
                    {
                        list.Add(reference);
                    }
                }
            }
        }

        return result;
    }

    public static string Display(string prefix, string name) => prefix.Length == 0 ? name : $"[{prefix}]:{name}";
}
