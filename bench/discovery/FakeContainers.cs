using System.Diagnostics;
using System.Globalization;

namespace Packetflix.Bench.Discovery;

/// <summary>
/// N <c>unshare --net sleep</c> processes, each with its own netns: unshare(1) unshares and then execs sleep, so
/// each fake container is one process (10 000 of them stay well under the default pid_max of 32 768).
/// </summary>
/// <remarks>
/// They are the children of one <c>sh</c>, not of this process, which only waits for that shell. As this process's
/// children they weighed on the bench: .NET's signal thread answers every SIGCHLD by asking each child it started
/// (waitpid per child, and each waitpid walks the kernel's list of children), which put 37 % of the bench's samples
/// in the kernel's <c>wait_consider_task</c> while 10 000 were up. The shell reaps them when <see cref="Dispose"/>
/// kills them (their PIDs cannot be reused before that), then exits.
/// </remarks>
internal sealed class FakeContainers : IDisposable
{
    private readonly List<int> _pids = [];
    private Process? _shell;

    public static FakeContainers Start(int count)
    {
        var containers = new FakeContainers();
        var script = string.Create(CultureInfo.InvariantCulture,
            $"i=0; while [ $i -lt {count} ]; do unshare --net sleep 3600 </dev/null >/dev/null 2>&1 & echo $!; i=$((i+1)); done; echo started; wait");
        var start = new ProcessStartInfo("sh", ["-c", script]) { UseShellExecute = false, RedirectStandardOutput = true };
        containers._shell = Process.Start(start) ?? throw new InvalidOperationException("cannot start sh");
        while (containers._shell.StandardOutput.ReadLine() is { } line && line != "started")
        {
            containers._pids.Add(int.Parse(line, NumberStyles.None, CultureInfo.InvariantCulture));
        }

        return containers;
    }

    /// <summary>Waits until every unshare has exec'ed its sleep (i.e. the netns exists with a process in it).</summary>
    public void WaitReady(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        var pending = _pids.ToHashSet();
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
            throw new TimeoutException($"{pending.Count} of {_pids.Count} fake containers did not start");
        }
    }

    public void Dispose()
    {
        if (_shell is null)
        {
            return;
        }

        // SIGKILL to the sleeps that the shell's unshares became; its wait returns once it has reaped them all.
        using (var kill = Process.Start("pkill", ["-KILL", "-P", _shell.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            kill.WaitForExit();
        }

        if (!_shell.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            _shell.Kill();
        }

        _shell.Dispose();
        _shell = null;
    }
}
