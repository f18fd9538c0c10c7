using System.Diagnostics;

namespace Packetflix.Bench.Discovery;

/// <summary>
/// N <c>unshare --net sleep</c> processes, each with its own netns: unshare(1) unshares and then execs sleep, so
/// each fake container is one process (10 000 of them stay well under the default pid_max of 32 768). Killed by PID
/// on dispose.
/// </summary>
internal sealed class FakeContainers : IDisposable
{
    private readonly List<Process> _processes = [];

    public static FakeContainers Start(int count)
    {
        var containers = new FakeContainers();
        for (var i = 0; i < count; i++)
        {
            var start = new ProcessStartInfo("unshare", ["--net", "sleep", "3600"]) { UseShellExecute = false };
            containers._processes.Add(Process.Start(start) ?? throw new InvalidOperationException("cannot start unshare"));
        }

        return containers;
    }

    /// <summary>Waits until every unshare has exec'ed its sleep (i.e. the netns exists with a process in it).</summary>
    public void WaitReady(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var pending = _processes.Select(p => p.Id).ToHashSet();
        while (pending.Count > 0 && DateTime.UtcNow < deadline)
        {
            foreach (var pid in pending.ToArray())
            {
                try
                {
                    if (File.ReadAllText($"/proc/{pid}/comm").StartsWith("sleep", StringComparison.Ordinal))
                    {
                        pending.Remove(pid);
                    }
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // Not there yet, or raced with an exiting process.
                }
            }

            Thread.Sleep(50);
        }

        if (pending.Count > 0)
        {
            throw new TimeoutException($"{pending.Count} of {_processes.Count} fake containers did not start");
        }
    }

    public void Dispose()
    {
        // SIGKILL to the sleep that unshare became.
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
