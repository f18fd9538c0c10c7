using System.Globalization;

namespace Packetflix.Discovery.Explorer;

/// <summary>Socket inode → lowest PID holding it open, from the <c>socket:[INODE]</c> links in /proc/*/fd (proc(5)).
/// Processes and fds vanishing while scanning are skipped.</summary>
internal static class SocketOwners
{
    public static Dictionary<ulong, int> Scan(IEnumerable<int> pids, string procRoot = "/proc")
    {
        ArgumentNullException.ThrowIfNull(pids);
        var result = new Dictionary<ulong, int>();
        foreach (var pid in pids.Order())
        {
            IEnumerable<string> fds;
            try
            {
                fds = Directory.EnumerateFileSystemEntries($"{procRoot}/{pid.ToString(CultureInfo.InvariantCulture)}/fd").ToList();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
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

                if (target is not null && target.StartsWith("socket:[", StringComparison.Ordinal)
                    && ulong.TryParse(target.AsSpan(8, target.Length - 9), NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
                {
                    result.TryAdd(inode, pid);
                }
            }
        }

        return result;
    }
}
