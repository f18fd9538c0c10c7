using System.Diagnostics;
using System.Globalization;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Discovery;

/// <summary>
/// Two levels of user + PID namespaces built with unshare(1): the inner init is <c>sleep MARKER</c> (PID 1 of the
/// inner PID namespace, owned by the inner user namespace). Killed with its whole tree on dispose.
/// </summary>
internal sealed class NestedNamespaces : IDisposable
{
    private readonly Process _tree;

    private NestedNamespaces(Process tree, string marker, int sleepPid)
    {
        _tree = tree;
        Marker = marker;
        SleepPid = sleepPid;
        ParentPid = ParentOf(sleepPid);
        GrandparentPid = ParentOf(ParentPid);
        InnerUser = Inode(sleepPid, "user");
        InnerPid = Inode(sleepPid, "pid");
    }

    /// <summary>The sleep's argument, unique to this test.</summary>
    public string Marker { get; }

    /// <summary>The inner sleep as the host sees it.</summary>
    public int SleepPid { get; }

    /// <summary>The sleep's parent, the inner unshare: in the outer PID namespace (unshare(2) with CLONE_NEWPID
    /// moves only its children) but already in the inner user namespace.</summary>
    public int ParentPid { get; }

    /// <summary>The outer unshare: in the outer user namespace.</summary>
    public int GrandparentPid { get; }

    public ulong InnerUser { get; }

    public ulong InnerPid { get; }

    public static async Task<NestedNamespaces> StartAsync(CancellationToken cancellationToken)
    {
        var marker = $"9{Random.Shared.Next(100_000, 999_999)}";
        var tree = Process.Start(new ProcessStartInfo("unshare",
            ["--user", "--map-root-user", "--pid", "--fork", "--mount-proc", "--",
             "unshare", "--user", "--map-root-user", "--pid", "--fork", "--mount-proc", "--", "sleep", marker])
        { UseShellExecute = false })!;
        try
        {
            var sleepPid = 0;
            await Eventually.WaitUntilAsync(() => (sleepPid = FindByCmdline($"sleep {marker}")) != 0, Eventually.DefaultDeadline, cancellationToken, "nested sleep");
            return new NestedNamespaces(tree, marker, sleepPid);
        }
        catch
        {
            Kill(tree);
            throw;
        }
    }

    /// <summary>The inode of /proc/PID/ns/TYPE.</summary>
    public static ulong Inode(int pid, string type)
    {
        var target = new FileInfo($"/proc/{pid}/ns/{type}").LinkTarget!;
        return ulong.Parse(target[(target.IndexOf('[', StringComparison.Ordinal) + 1)..^1], CultureInfo.InvariantCulture);
    }

    public void Dispose() => Kill(_tree);

    private static int ParentOf(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("PPid:", StringComparison.Ordinal));
        return int.Parse(line["PPid:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already exited.
        }

        process.Dispose();
    }

    private static int FindByCmdline(string cmdline)
    {
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                try
                {
                    if (File.ReadAllText($"{dir}/cmdline").Replace('\0', ' ').Trim() == cmdline)
                    {
                        return pid;
                    }
                }
                catch (IOException)
                {
                    // Gone.
                }
            }
        }

        return 0;
    }
}
