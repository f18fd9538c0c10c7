using System.Globalization;
using Packetflix.Linux;

namespace Packetflix.Discovery.Explorer;

/// <summary>
/// Reads the mountinfo of one mount namespace: through /proc/PID/mountinfo of one of its processes, or, for a
/// namespace without processes (only bind-mounted), on a dedicated thread that joins it (<see cref="NamespaceThread"/>)
/// and reads its own /proc/thread-self/mountinfo.
/// </summary>
internal static class MountinfoSource
{
    /// <summary>The text and the PID it was read through (0 when read by joining); a reason when unreadable.</summary>
    public static async Task<(string? Text, int Pid, string? Reason)> ReadAsync(NamespaceNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        foreach (var process in node.Leaders.Concat(node.Processes.Except(node.Leaders)).Take(8))
        {
            var pid = process.Pid.ToString(CultureInfo.InvariantCulture);
            try
            {
                var text = await File.ReadAllTextAsync($"/proc/{pid}/mountinfo");

                // The PID may have been reused by a process in another mount namespace since the scan.
                if (ProcessNamespaces.LinkInode($"/proc/{pid}/ns/mnt") == node.Inode)
                {
                    return (text, process.Pid, null);
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone: try the next process.
            }
        }

        foreach (var path in node.BindMountPaths)
        {
            using var fd = NamespaceFile.TryOpen(path);
            if (fd is null || !NamespaceFile.TryGetInode(fd, out var inode) || inode != node.Inode)
            {
                continue;
            }

            try
            {
                var text = await NamespaceThread.RunAsync(fd, NamespaceType.Mnt, () => File.ReadAllText("/proc/thread-self/mountinfo"));
                return (text, 0, null);
            }
            catch (ErrnoException e)
            {
                return (null, 0, $"cannot join the mount namespace: {e.Message}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return (null, 0, $"cannot read mountinfo inside the mount namespace: {e.Message}");
            }
        }

        return (null, 0, "no process of the mount namespace is left and no bind mount of it can be opened");
    }
}
