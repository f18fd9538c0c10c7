using Microsoft.Win32.SafeHandles;

namespace Packetflix.Linux;

/// <summary>
/// Open namespace files (/proc/PID/ns/TYPE or an nsfs bind mount) and the ioctl_ns(2) queries on them: the owning
/// user namespace, the parent of a PID or user namespace, and the owner UID of a user namespace.
/// </summary>
public static class NamespaceFile
{
    /// <summary>Opens <paramref name="path"/> read-only (all the ioctls and setns(2) need) if it is a namespace file;
    /// null when it is gone, may not be opened (the expected outcome for a process that exited) or is something else.
    /// </summary>
    /// <remarks>Paths of nsfs bind mounts come from mount tables a container controls (<c>/proc/PID/root</c> plus a
    /// mount point), and what lies there now may be a FIFO (a plain open blocks until a writer comes: discovery would
    /// hang) or a symlink to a device. So the path is opened with O_PATH first, which opens nothing, the file system is
    /// checked to be nsfs (fstatfs(2) works on O_PATH fds), and only then is that very file reopened for reading through
    /// /proc/self/fd.</remarks>
    public static unsafe SafeFileHandle? TryOpen(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var located = Interop.Libc.OpenPath(path, (int)(Interop.Libc.OpenPathOnly | Interop.Libc.OpenCloexec));
        if (located < 0)
        {
            return null;
        }

        try
        {
            var buffer = stackalloc byte[Interop.Libc.StatfsBytes];
            if (Interop.Libc.fstatfs(located, buffer) != 0 || *(long*)buffer != Interop.Libc.NsfsMagic)
            {
                return null;
            }

            var fd = Interop.Libc.Reopen(located, Interop.Libc.OpenReadOnlyCloexec);
            return fd < 0 ? null : new SafeFileHandle(fd, ownsHandle: true);
        }
        finally
        {
            _ = Interop.Libc.CloseFd(located);
        }
    }

    /// <summary>The namespace id (nsfs inode) of an open namespace file.</summary>
    public static bool TryGetInode(SafeFileHandle ns, out ulong inode) => NamespaceInode.TryGet(ns, out inode);

    /// <summary>
    /// NS_GET_USERNS or NS_GET_PARENT. <see cref="Errno.EPERM"/> means the related namespace is outside our own user
    /// namespace's scope (e.g. the parent of the initial namespace), <see cref="Errno.EINVAL"/> that the namespace
    /// type has no parent (ioctl_ns(2)).
    /// </summary>
    public static Errno TryGetRelated(SafeFileHandle ns, NamespaceRelation relation, out SafeFileHandle? related)
    {
        ArgumentNullException.ThrowIfNull(ns);
        var request = relation == NamespaceRelation.Parent ? Interop.Libc.NsGetParent : Interop.Libc.NsGetUserns;
        var fd = Interop.Libc.ioctl(ns, request);
        if (fd < 0)
        {
            related = null;
            return LinuxError.Last();
        }

        related = new SafeFileHandle(fd, ownsHandle: true);
        return Errno.None;
    }

    /// <summary>NS_GET_OWNER_UID: the UID (in our user namespace) of the creator of a user namespace;
    /// <see cref="Errno.EINVAL"/> for other namespace types.</summary>
    public static unsafe Errno TryGetOwnerUid(SafeFileHandle userns, out uint uid)
    {
        ArgumentNullException.ThrowIfNull(userns);
        uint value = 0;
        if (Interop.Libc.ioctl(userns, Interop.Libc.NsGetOwnerUid, &value) != 0)
        {
            uid = 0;
            return LinuxError.Last();
        }

        uid = value;
        return Errno.None;
    }
}
