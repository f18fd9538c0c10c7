using Xunit;

namespace Packetflix.Tests.Common;

/// <summary>Reads this process's fd, thread and child counts from /proc.</summary>
public static class ResourceCounters
{
    /// <summary>
    /// Takes a snapshot. OpenFds includes the fd used to list /proc/self/fd itself, consistently in every snapshot, and
    /// leaves out assembly images (see <see cref="IsAssemblyImage"/>).
    /// ChildProcesses counts processes whose PPid is us, zombies included (an unreaped child is a leak too).
    /// </summary>
    public static ResourceSnapshot Take()
    {
        var self = Environment.ProcessId;
        var fds = OpenFdTargets().Values.Count(target => !IsAssemblyImage(target));
        var threads = Directory.EnumerateDirectories("/proc/self/task").Count();
        var children = ProcFs.EnumeratePids().Count(pid => ProcFs.ReadParentPid(pid) == self);
        return new ResourceSnapshot(fds, threads, children);
    }

    /// <summary>Fails unless the fd and thread counts are back within a small slack of <paramref name="baseline"/>; waits
    /// for them first (a session's sockets and handles close a little after it stops counting as active, later on a busy
    /// machine), so only what stays open fails, named. A handle leaked per cycle of a leak test is far above the slack.</summary>
    public static async Task AssertBackToBaselineAsync(ResourceSnapshot baseline, IReadOnlyDictionary<int, string> baselineFds,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        const int Slack = 4;
        var after = baseline;
        await Eventually.TryWaitUntilAsync(() =>
        {
            after = Take();
            return after.OpenFds <= baseline.OpenFds + Slack && after.Threads <= baseline.Threads + Slack;
        }, TimeSpan.FromSeconds(30), cancellationToken);
        Assert.True(after.OpenFds <= baseline.OpenFds + Slack,
            $"fds {baseline.OpenFds} -> {after.OpenFds}; new: {DescribeNewFds(baselineFds)}");
        Assert.True(after.Threads <= baseline.Threads + Slack, $"threads {baseline.Threads} -> {after.Threads}");
    }

    /// <summary>What each open fd refers to ("socket:[123]", "anon_inode:[eventfd]", a path), by fd number.</summary>
    public static IReadOnlyDictionary<int, string> OpenFdTargets()
    {
        var targets = new Dictionary<int, string>();
        foreach (var entry in Directory.EnumerateFileSystemEntries("/proc/self/fd"))
        {
            try
            {
                if (int.TryParse(Path.GetFileName(entry), System.Globalization.CultureInfo.InvariantCulture, out var fd))
                {
                    targets[fd] = new FileInfo(entry).LinkTarget ?? "?";
                }
            }
            catch (IOException)
            {
                // Closed between listing and reading: not open any more.
            }
        }

        return targets;
    }

    /// <summary>
    /// The fds open now that were not open (with the same target) in <paramref name="before"/>, as "fd -> target" lines,
    /// so a failed leak check says what leaked rather than only how many.
    /// </summary>
    public static string DescribeNewFds(IReadOnlyDictionary<int, string> before)
    {
        var added = OpenFdTargets()
            .Where(fd => !IsAssemblyImage(fd.Value) && (!before.TryGetValue(fd.Key, out var target) || target != fd.Value))
            .OrderBy(fd => fd.Key)
            .Select(fd => $"{fd.Key} -> {fd.Value}");
        return string.Join(", ", added);
    }

    /// <summary>
    /// A managed assembly file. The runtime opens an assembly when code first needs it and keeps the file open for the
    /// life of the process (two fds per assembly, seen on .NET 10), so the first use of a code path adds fds once, at a
    /// moment that depends on timing: on a busy machine a rarely taken path (a timeout, an abort) may first run in
    /// the middle of a leak check. That is not a leak and is never released, so leak checks do not count it.
    /// </summary>
    private static bool IsAssemblyImage(string target) => target.EndsWith(".dll", StringComparison.Ordinal);
}
