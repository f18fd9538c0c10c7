using System.Globalization;
using Packetflix.Linux;

namespace Packetflix.Discovery.Engines;

/// <summary>
/// Finds the API sockets of an engine process without knowing their paths: the listening, non-abstract stream sockets
/// in <c>/proc/&lt;pid&gt;/net/unix</c> that the process itself holds open (<c>/proc/&lt;pid&gt;/fd/*</c> →
/// <c>socket:[inode]</c>), made reachable from the host through <c>/proc/&lt;pid&gt;/root</c>.
/// </summary>
internal static class EngineSockets
{
    // include/linux/net.h: __SO_ACCEPTCON marks a listening socket in the Flags column.
    private const uint SoAcceptCon = 1u << 16;

    // SOCK_STREAM in the Type column (socket(2)).
    private const int SockStream = 1;

    /// <summary>Host-reachable paths of the process's listening API sockets, sorted; empty when it vanished.</summary>
    public static IReadOnlyList<string> Find(int pid, string procRoot = "/proc")
    {
        var processDir = Path.Combine(procRoot, pid.ToString(CultureInfo.InvariantCulture));
        string unixTable;
        try
        {
            unixTable = File.ReadAllText(Path.Combine(processDir, "net", "unix"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }

        var listening = ParseListening(unixTable);
        if (listening.Count == 0)
        {
            return [];
        }

        var root = Path.Combine(processDir, "root");
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var inode in ProcessSockets.Inodes(processDir))
        {
            if (listening.TryGetValue(inode, out var path) && ResolveInRoot(root, path) is { } reachable)
            {
                result.Add(reachable);
            }
        }

        return [.. result];
    }

    /// <summary>Parses /proc/net/unix: inode → path of listening, non-abstract SOCK_STREAM sockets.</summary>
    public static Dictionary<ulong, string> ParseListening(string unixTable)
    {
        var result = new Dictionary<ulong, string>();
        foreach (var line in unixTable.Split('\n'))
        {
            // "Num RefCount Protocol Flags Type St Inode Path"; the path may be missing (unbound) or start with '@'.
            var fields = line.Split(' ', 8, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 8
                || !uint.TryParse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var flags)
                || !int.TryParse(fields[4], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var type)
                || !ulong.TryParse(fields[6], NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
            {
                continue;
            }

            var path = fields[7].Trim();
            if ((flags & SoAcceptCon) != 0 && type == SockStream && path.StartsWith('/'))
            {
                result[inode] = path;
            }
        }

        return result;
    }

    /// <summary>
    /// Maps <paramref name="path"/> as the process sees it to a host path under <paramref name="root"/>
    /// (<c>/proc/&lt;pid&gt;/root</c>), following symlinks inside that root: an absolute link such as
    /// <c>/var/run → /run</c> must not be resolved against our own root. Null when it does not exist.
    /// </summary>
    public static string? ResolveInRoot(string root, string path)
    {
        var pending = new Stack<string>(path.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse());
        var resolved = new List<string>();
        for (var hops = 0; pending.Count > 0;)
        {
            var part = pending.Pop();
            if (part == ".")
            {
                continue;
            }

            if (part == "..")
            {
                if (resolved.Count > 0)
                {
                    resolved.RemoveAt(resolved.Count - 1);
                }

                continue;
            }

            var candidate = root + "/" + string.Join('/', resolved.Append(part));
            string? link;
            try
            {
                var info = new FileInfo(candidate);
                if (!info.Exists && !Directory.Exists(candidate))
                {
                    return null;
                }

                link = info.LinkTarget;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            if (link is null)
            {
                resolved.Add(part);
                continue;
            }

            // path_resolution(7) gives up after 40 links.
            if (++hops > 40)
            {
                return null;
            }

            if (link.StartsWith('/'))
            {
                resolved.Clear();
            }

            foreach (var linkPart in link.Split('/', StringSplitOptions.RemoveEmptyEntries).Reverse())
            {
                pending.Push(linkPart);
            }
        }

        return root + "/" + string.Join('/', resolved);
    }
}
