namespace Packetflix.Linux;

/// <summary>The eight Linux namespace types (namespaces(7)); the value is the CLONE_NEW* flag setns(2) checks.</summary>
public enum NamespaceType
{
    /// <summary>Not a namespace type (the zero value).</summary>
    None = 0,

    /// <summary>CLONE_NEWCGROUP: cgroup root directory.</summary>
    Cgroup = 0x02000000,

    /// <summary>CLONE_NEWIPC: System V IPC, POSIX message queues.</summary>
    Ipc = 0x08000000,

    /// <summary>CLONE_NEWNS: mount points.</summary>
    Mnt = 0x00020000,

    /// <summary>CLONE_NEWNET: network devices, stacks, ports.</summary>
    Net = 0x40000000,

    /// <summary>CLONE_NEWPID: process ids.</summary>
    Pid = 0x20000000,

    /// <summary>CLONE_NEWTIME: boot and monotonic clocks.</summary>
    Time = 0x00000080,

    /// <summary>CLONE_NEWUSER: user and group ids.</summary>
    User = 0x10000000,

    /// <summary>CLONE_NEWUTS: hostname and NIS domain name.</summary>
    Uts = 0x04000000,
}
