using System.Globalization;
using Packetflix.Linux;

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
            foreach (var inode in ProcessSockets.Inodes(Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture))))
            {
                result.TryAdd(inode, pid);
            }
        }

        return result;
    }
}
