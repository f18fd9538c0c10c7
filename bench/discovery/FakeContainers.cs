using System.Diagnostics;

namespace Packetflix.Bench.Discovery;

/// <summary>N <c>unshare --net --fork sleep</c> processes, each with its own netns; killed by PID on dispose.</summary>
internal sealed class FakeContainers : IDisposable
{
    private readonly List<Process> _processes = [];

    public static FakeContainers Start(int count)
    {
        var containers = new FakeContainers();
        for (var i = 0; i < count; i++)
        {
            var start = new ProcessStartInfo("unshare", ["--net", "--fork", "--kill-child", "sleep", "3600"]) { UseShellExecute = false };
            containers._processes.Add(Process.Start(start) ?? throw new InvalidOperationException("cannot start unshare"));
        }

        return containers;
    }

    /// <summary>Waits until every unshare has its sleep child (i.e. the netns exists with a process in it).</summary>
    public void WaitReady(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var pending = _processes.Select(p => p.Id).ToHashSet();
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            foreach (var dir in Directory.EnumerateDirectories("/proc"))
            {
                try
                {
                    var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                    var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    if (stat.Contains("(sleep)", StringComparison.Ordinal)
                        && int.TryParse(fields[1], System.Globalization.CultureInfo.InvariantCulture, out var ppid))
                    {
                        pending.Remove(ppid);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Raced with an exiting process.
                }
            }

            Thread.Sleep(50);
        }
    }

    public void Dispose()
    {
        // SIGKILL to unshare; --kill-child makes the kernel kill its sleep too.
        foreach (var process in _processes)
        {
            try
            {
                process.Kill();
                process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }

            process.Dispose();
        }
    }
}
