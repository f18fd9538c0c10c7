namespace Packetflix.Linux;

/// <summary>What kind of file a path is, for the unix socket listener (which must only ever remove a socket).</summary>
public static class SocketFile
{
    // statx(2): STATX_TYPE, AT_SYMLINK_NOFOLLOW; inode(7): S_IFMT and S_IFSOCK.
    private const uint StatxType = 0x0001;
    private const int AtSymlinkNoFollow = 0x100;
    private const int TypeMask = 0xF000;
    private const int SocketType = 0xC000;

    /// <summary>True when <paramref name="path"/> itself (not a symlink's target) is a unix socket.</summary>
    public static unsafe bool IsSocket(string path)
    {
        Interop.Libc.Statx buffer = default;
        return Interop.Libc.statx(Interop.Libc.AtFdCwd, path, AtSymlinkNoFollow, StatxType, &buffer) == 0
            && (buffer.Mask & StatxType) != 0
            && (buffer.Mode & TypeMask) == SocketType;
    }
}
