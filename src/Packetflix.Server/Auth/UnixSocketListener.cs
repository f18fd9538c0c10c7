using System.Net.Sockets;
using Packetflix.Linux;

namespace Packetflix.Server.Auth;

/// <summary>
/// <c>--listen unix:/PATH</c>: access by file permission, as Docker's socket does. Before the bind, the directory
/// is created (0755) and a stale socket left by a crashed run is removed — but only a socket nobody answers on,
/// never a live service's or a file that is not a socket. After the bind, the socket is made 0660 and given to
/// <c>--socket-group</c>; until then it has the mode the umask gives it. It is removed when the service stops.
/// </summary>
internal static class UnixSocketListener
{
    private const UnixFileMode DirectoryMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
        | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    private const UnixFileMode SocketMode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.GroupWrite;

    /// <summary>Makes <paramref name="path"/> bindable; throws IOException (one line for the operator) if it is not.</summary>
    public static void Prepare(string path)
    {
        var directory = Path.GetDirectoryName(path);
        if (!string.IsNullOrEmpty(directory) && !Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, DirectoryMode);
        }

        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return;
        }

        if (!SocketFile.IsSocket(path))
        {
            throw new IOException($"cannot listen on unix:{path}: it exists and is not a socket");
        }

        using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            probe.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            File.Delete(path);
            return;
        }

        throw new IOException($"cannot listen on unix:{path}: another service is listening on it");
    }

    /// <summary>0660 and the group; an error is logged and stops the service (a socket left wider or narrower
    /// than asked would either expose captures or lock the group out).</summary>
    public static string? Secure(string path, string? group)
    {
        try
        {
            File.SetUnixFileMode(path, SocketMode);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return ex.Message;
        }

        if (group is null)
        {
            return null;
        }

        if (!UnixGroup.TryGetId(group, out var gid))
        {
            return $"no such group {group}";
        }

        var error = UnixGroup.TrySetGroup(path, gid);
        return error == Errno.None ? null : $"chgrp {group}: {LinuxError.Describe(error)}";
    }

    public static void Remove(string path)
    {
        if (SocketFile.IsSocket(path))
        {
            File.Delete(path);
        }
    }
}
