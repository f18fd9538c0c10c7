using Microsoft.Win32.SafeHandles;

namespace Packetflix.Linux;

/// <summary>
/// Open namespace files (/proc/PID/ns/TYPE or an nsfs bind mount) and the ioctl_ns(2) queries on them: the owning
/// user namespace, the parent of a PID or user namespace, and the owner UID of a user namespace.
/// </summary>
public static class NamespaceFile
{
    /// <summary>Opens <paramref name="path"/> read-only (all the ioctls and setns(2) need); null when it is gone
    /// or may not be opened, the expected outcome for a process that exited.</summary>
    public static SafeFileHandle? TryOpen(string path)
    {
        try
        {
            return File.OpenHandle(path, FileMode.Open, FileAccess.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
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
