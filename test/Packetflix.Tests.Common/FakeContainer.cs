using System.Diagnostics;

namespace Packetflix.Tests.Common;

/// <summary>
/// A container without an engine (docs/protocol.md §18.6): <c>unshare --fork --pid --net --mount-proc --kill-child sleep 3600</c>.
/// Its sleep child is PID 1 of a new pid namespace and lives in a new netns whose eth0 (10.232.0.2/24) is a veth
/// to eth0 (10.232.0.1/24) in a companion <c>ip netns add</c> namespace. IPv6 is off on both sides, so the only traffic
/// is what a test sends (and the ARP that IPv4 needs). Requires <see cref="Privileged.Require"/>.
/// </summary>
public sealed class FakeContainer : IAsyncDisposable
{
    public const string ContainerAddress = "10.232.0.2";
    public const string PeerAddress = "10.232.0.1";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private readonly Process _unshare;
    private bool _killed;

    private FakeContainer(Process unshare, string id)
    {
        _unshare = unshare;
        PeerNetnsName = $"pf-{id}-peer";
    }

    /// <summary>Host pid of the container's init (the sleep process).</summary>
    public int Pid { get; private set; }

    /// <summary>Netns id (nsfs inode) of the container.</summary>
    public ulong NetnsInode { get; private set; }

    /// <summary>Field 22 of /proc/PID/stat of <see cref="Pid"/>.</summary>
    public ulong StartTime { get; private set; }

    public string PeerNetnsName { get; }

    public static async Task<FakeContainer> StartAsync(CancellationToken cancellationToken)
    {
        var startInfo = new ProcessStartInfo(ToolPath.Find("unshare") ?? "unshare")
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };

        // --kill-child makes the kernel SIGKILL the sleep when unshare dies (PR_SET_PDEATHSIG), so even a crashed
        // test host leaves no container behind once unshare is gone.
        foreach (var arg in (string[])["--fork", "--pid", "--net", "--mount-proc", "--kill-child", "sleep", "3600"])
        {
            startInfo.ArgumentList.Add(arg);
        }

        var unshare = Process.Start(startInfo) ?? throw new InvalidOperationException("cannot start unshare");
        var container = new FakeContainer(unshare, Netns.NewId());
        try
        {
            await container.WaitForChildAsync(cancellationToken);
            await container.ConnectPeerAsync(cancellationToken);
            return container;
        }
        catch
        {
            await container.DisposeAsync();
            throw;
        }
    }

    /// <summary>Pings the peer end of the veth from inside the container; throws unless replies arrive.</summary>
    public Task PingPeerAsync(int count, CancellationToken cancellationToken)
    {
        return PingAsync(PeerAddress, count, cancellationToken);
    }

    /// <summary>Pings 127.0.0.1 inside the container (traffic on its lo only).</summary>
    public Task PingLoopbackAsync(int count, CancellationToken cancellationToken)
    {
        return PingAsync("127.0.0.1", count, cancellationToken);
    }

    /// <summary>SIGKILLs the container and unshare and waits until /proc/PID is gone. Safe to call twice.</summary>
    public async Task KillAsync()
    {
        if (_killed)
        {
            return;
        }

        _killed = true;

        // Only kill the pid if it is still our process: after a crash the pid may have been reused.
        if (Pid > 0 && StartTime != 0 && ProcFs.ReadStartTime(Pid) == StartTime)
        {
            TryKill(Pid);
        }

        // unshare waits for its child, so it reaps the container (our parent-less PID 1 may not) and then exits.
        var deadline = DateTime.UtcNow + ExitTimeout;
        while (Pid > 0 && ProcFs.ReadStartTime(Pid) == StartTime && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, CancellationToken.None);
        }

        if (!_unshare.HasExited)
        {
            TryKill(_unshare.Id);
        }

        using var timeout = new CancellationTokenSource(ExitTimeout);
        try
        {
            await _unshare.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            // Nothing more we can do; DisposeAsync must not throw.
        }
    }

    /// <summary>Kills the container and deletes the peer netns; never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _unshare.Dispose();
        await Netns.DeleteQuietlyAsync(PeerNetnsName);
    }

    private static void TryKill(int pid)
    {
        try
        {
            // Process.Kill sends SIGKILL on Unix; the container's PID 1 ignores SIGTERM from outside.
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Already gone.
        }
    }

    private async Task PingAsync(string address, int count, CancellationToken cancellationToken)
    {
        await Shell.RunCheckedAsync(
            "nsenter",
            ["--target", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "--net", "busybox", "ping", .. Netns.Ping(count, address).Split(' ')],
            Netns.PingTimeout(count),
            cancellationToken);
    }

    private async Task WaitForChildAsync(CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_unshare.HasExited)
            {
                var stderr = await _unshare.StandardError.ReadToEndAsync(cancellationToken);
                throw new InvalidOperationException($"unshare exited with {_unshare.ExitCode}: {stderr.Trim()}");
            }

            var child = ProcFs.EnumeratePids().FirstOrDefault(pid => ProcFs.ReadParentPid(pid) == _unshare.Id);

            // Wait for the exec: before it, the child is still a copy of unshare setting up /proc.
            if (child > 0 && ReadComm(child) == "sleep")
            {
                Pid = child;
                StartTime = ProcFs.ReadStartTime(child) ?? throw new InvalidOperationException($"cannot read /proc/{child}/stat");
                NetnsInode = ProcFs.NetnsOf(child);
                return;
            }

            await Task.Delay(10, cancellationToken);
        }

        throw new TimeoutException("the unshare child did not appear");
    }

    private async Task ConnectPeerAsync(CancellationToken cancellationToken)
    {
        var pid = Pid.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Netns.IpAsync(cancellationToken, "netns", "add", PeerNetnsName);

        // `netns PID` puts the end straight into the container's netns (ip-link(8)), so no temporary name is needed.
        await Netns.IpAsync(cancellationToken, "link", "add", "eth0", "netns", pid, "type", "veth", "peer", "name", "eth0", "netns", PeerNetnsName);
        await Netns.DisableIpv6Async(["ip", "netns", "exec", PeerNetnsName], ["eth0", "lo"], cancellationToken);
        await Netns.DisableIpv6Async(["nsenter", "--target", pid, "--net"], ["eth0", "lo"], cancellationToken);
        await Netns.IpAsync(cancellationToken, "-n", PeerNetnsName, "addr", "add", $"{PeerAddress}/24", "dev", "eth0");
        await Netns.IpAsync(cancellationToken, "-n", PeerNetnsName, "link", "set", "eth0", "up");
        await Netns.IpAsync(cancellationToken, "-n", PeerNetnsName, "link", "set", "lo", "up");
        foreach (var command in (string[][])[["addr", "add", $"{ContainerAddress}/24", "dev", "eth0"], ["link", "set", "eth0", "up"], ["link", "set", "lo", "up"]])
        {
            await Shell.RunCheckedAsync("nsenter", ["--target", pid, "--net", "ip", .. command], Netns.CommandTimeout, cancellationToken);
        }
    }

    private static string? ReadComm(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").TrimEnd('\n');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
