namespace Packetflix.Linux;

/// <summary>Names of <see cref="NamespaceType"/> as /proc/PID/ns/ spells them (namespaces(7)).</summary>
public static class NamespaceTypes
{
    /// <summary>All eight types, in the order of their /proc/PID/ns names.</summary>
    public static IReadOnlyList<NamespaceType> All { get; } =
    [
        NamespaceType.Cgroup, NamespaceType.Ipc, NamespaceType.Mnt, NamespaceType.Net,
        NamespaceType.Pid, NamespaceType.Time, NamespaceType.User, NamespaceType.Uts,
    ];

    /// <summary>The link name below /proc/PID/ns, e.g. "net"; also the prefix of its link target <c>net:[ID]</c>.</summary>
    public static string Name(NamespaceType type) => type switch
    {
        NamespaceType.Cgroup => "cgroup",
        NamespaceType.Ipc => "ipc",
        NamespaceType.Mnt => "mnt",
        NamespaceType.Net => "net",
        NamespaceType.Pid => "pid",
        NamespaceType.Time => "time",
        NamespaceType.User => "user",
        NamespaceType.Uts => "uts",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "not a namespace type"),
    };

    /// <summary>The type of a link name or nsfs root prefix; <see cref="NamespaceType.None"/> for anything else
    /// (e.g. <c>pid_for_children</c>).</summary>
    public static NamespaceType Parse(string name) => name switch
    {
        "cgroup" => NamespaceType.Cgroup,
        "ipc" => NamespaceType.Ipc,
        "mnt" => NamespaceType.Mnt,
        "net" => NamespaceType.Net,
        "pid" => NamespaceType.Pid,
        "time" => NamespaceType.Time,
        "user" => NamespaceType.User,
        "uts" => NamespaceType.Uts,
        _ => NamespaceType.None,
    };
}
