using System.Globalization;

namespace Packetflix.Linux;

/// <summary>The sockets a process holds open: its <c>/proc/PID/fd</c> entries are links that read
/// <c>socket:[INODE]</c> for a socket (proc(5), "/proc/pid/fd/"). Processes and fds that vanish while they are read,
/// or that we may not read, are skipped.</summary>
public static class ProcessSockets
{
    private const string Prefix = "socket:[";

    /// <summary>Inodes of the sockets held by the process whose /proc directory is <paramref name="processDir"/> (e.g.
    /// <c>/proc/1234</c>); empty when it is gone.</summary>
    public static IEnumerable<ulong> Inodes(string processDir)
    {
        List<string> fds;
        try
        {
            fds = [.. Directory.EnumerateFileSystemEntries(Path.Combine(processDir, "fd"))];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            yield break;
        }

        foreach (var fd in fds)
        {
            string? target;
            try
            {
                target = new FileInfo(fd).LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            if (target is not null && target.StartsWith(Prefix, StringComparison.Ordinal) && target.EndsWith(']')
                && ulong.TryParse(target.AsSpan(Prefix.Length, target.Length - Prefix.Length - 1), NumberStyles.None,
                    CultureInfo.InvariantCulture, out var inode))
            {
                yield return inode;
            }
        }
    }
}
