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
    /// <summary>A mount table a container can grow (tens of thousands of mounts, long paths); real ones are far smaller.</summary>
    internal const int MaxBytes = 32 * 1024 * 1024;

    /// <summary>The text and the PID it was read through (0 when read by joining); a reason when unreadable.</summary>
    public static async Task<(string? Text, int Pid, string? Reason)> ReadAsync(NamespaceNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        // Our /proc, as an fd: for a namespace without processes it is read after the thread joined that namespace,
        // where "/proc" is whatever the namespace mounted there (one without processes is one someone built), and
        // thread-self below our own procfs is the joined thread.
        using var proc = RootedFile.OpenRoot("/proc");
        if (proc is null)
        {
            return (null, 0, "cannot open /proc");
        }

        foreach (var process in node.Leaders.Concat(node.Processes.Except(node.Leaders)).Take(8))
        {
            var pid = process.Pid.ToString(CultureInfo.InvariantCulture);
            var read = RootedFile.ReadProcText(proc, $"{pid}/mountinfo", MaxBytes);
            if (read.Status == RootedFileStatus.TooLarge)
            {
                return (null, process.Pid, TooLarge);
            }

            // Else gone: try the next process. The PID may have been reused by a process in another mount namespace
            // since the scan.
            if (read.Status == RootedFileStatus.Read && ProcessNamespaces.LinkInode($"/proc/{pid}/ns/mnt") == node.Inode)
            {
                return (read.Text, process.Pid, null);
            }
        }

        foreach (var path in node.BindMountPaths)
        {
            using var fd = NamespaceFile.TryOpen(path);
            if (fd is null || !NamespaceFile.TryGetInode(fd, out var inode) || inode != node.Inode)
            {
                continue;
            }

            RootedFileResult read;
            try
            {
                read = await NamespaceThread.RunAsync(fd, NamespaceType.Mnt, () => RootedFile.ReadProcText(proc, "thread-self/mountinfo", MaxBytes));
            }
            catch (ErrnoException e)
            {
                return (null, 0, $"cannot join the mount namespace: {e.Message}");
            }

            return read.Status switch
            {
                RootedFileStatus.Read => (read.Text, 0, null),
                RootedFileStatus.TooLarge => (null, 0, TooLarge),
                _ => (null, 0, $"cannot read mountinfo inside the mount namespace: {LinuxError.Describe(read.Error)}"),
            };
        }

        return (null, 0, "no process of the mount namespace is left and no bind mount of it can be opened");
    }

    private static string TooLarge => $"its mount table is over {MaxBytes / (1024 * 1024)} MiB";
}
