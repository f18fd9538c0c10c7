using Microsoft.Win32.SafeHandles;
using Packetflix.Linux;

namespace Packetflix.Discovery.Netlink;

/// <summary>Opens netns fds and rtnetlink sockets inside a netns, verifying the inode on the way.</summary>
internal static class NetnsSocketOpener
{
    /// <summary>Opens the first of <paramref name="paths"/> that still refers to netns <paramref name="inode"/>;
    /// null when none does (processes exited, bind mounts removed, no permission).</summary>
    public static SafeFileHandle? OpenNetns(ulong inode, IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            // Not a plain open: the path may be a container's mount point, and what lies there now is its choice.
            if (NamespaceFile.TryOpen(path) is not { } fd)
            {
                continue;
            }

            // A PID can be reused by a process in another netns between the scan and now.
            if (NamespaceInode.TryGet(fd, out var actual) && actual == inode)
            {
                return fd;
            }

            fd.Dispose();
        }

        return null;
    }

    /// <summary>A NETLINK_ROUTE socket inside netns <paramref name="inode"/>; null when it cannot be entered.
    /// Our own netns needs no thread switch.</summary>
    public static async Task<RtnetlinkSocket?> OpenSocketAsync(ulong inode, IEnumerable<string> paths, ulong ownNetns)
    {
        if (inode == ownNetns)
        {
            return RtnetlinkSocket.Open();
        }

        using var fd = OpenNetns(inode, paths);
        if (fd is null)
        {
            return null;
        }

        try
        {
            // setns only on the dedicated thread (NetnsThread); the socket stays bound to the netns afterwards.
            return await NetnsThread.RunAsync(fd, RtnetlinkSocket.Open);
        }
        catch (ErrnoException)
        {
            return null;
        }
    }
}
