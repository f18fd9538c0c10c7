namespace Packetflix.Linux;

/// <summary>Lists network interface names of the calling thread's network namespace.</summary>
public static class NetworkInterfaceNames
{
    /// <summary>
    /// Interface names of the netns the calling OS thread is in, via if_nameindex(3), which asks the kernel over a
    /// netlink socket created on this thread. To list another netns, call this inside
    /// <see cref="NetnsThread.RunAsync{T}"/>. Do not use /sys/class/net or /proc/net/dev instead: they show the netns
    /// that sysfs was mounted in or that the thread group leader is in, not the one this thread switched to.
    /// </summary>
    public static unsafe IReadOnlyList<string> ListCurrentNamespace()
    {
        var list = Interop.Libc.if_nameindex();
        if (list == null)
        {
            throw new ErrnoException("if_nameindex", LinuxError.Last());
        }

        try
        {
            var names = new List<string>();

            // The array ends with an entry whose if_index is 0 and if_name is NULL (if_nameindex(3)).
            for (var entry = list; entry->IfIndex != 0; entry++)
            {
                names.Add(Interop.FromCString(entry->IfName));
            }

            return names;
        }
        finally
        {
            Interop.Libc.if_freenameindex(list);
        }
    }
}
