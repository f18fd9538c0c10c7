namespace Packetflix.Linux;

/// <summary>Group lookups and group ownership of files, for the unix socket listener's <c>--socket-group</c>.</summary>
public static class UnixGroup
{
    private const uint Unchanged = uint.MaxValue;

    /// <summary>The gid of <paramref name="name"/>; false when no such group exists or the lookup failed.</summary>
    public static unsafe bool TryGetId(string name, out uint gid)
    {
        gid = 0;
        Interop.Libc.Group group = default;
        Interop.Libc.Group* result = null;
        // ERANGE means the member list did not fit: retry with a larger buffer (big LDAP groups).
        for (var size = 16 * 1024; size <= 16 * 1024 * 1024; size *= 4)
        {
            var buffer = new byte[size];
            int error;
            fixed (byte* p = buffer)
            {
                error = Interop.Libc.getgrnam_r(name, &group, p, (nuint)size, &result);
            }

            if ((Errno)error == Errno.ERANGE)
            {
                continue;
            }

            if (error != 0 || result == null)
            {
                return false;
            }

            gid = group.Gid;
            return true;
        }

        return false;
    }

    /// <summary>Gives <paramref name="path"/> to group <paramref name="gid"/>, keeping its owner.</summary>
    public static Errno TrySetGroup(string path, uint gid) =>
        Interop.Libc.chown(path, Unchanged, gid) == 0 ? Errno.None : LinuxError.Last();
}
