using System.Globalization;
using System.Security.Cryptography;

namespace Packetflix.Tests.Common;

/// <summary>Small helpers shared by the namespace fixtures (all via the ip and stat tools).</summary>
internal static class Netns
{
    public static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    /// <summary>A random 6-hex-digit id, so parallel tests and leftovers of crashed runs never collide.</summary>
    public static string NewId()
    {
        return Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
    }

    public static Task<ShellResult> IpAsync(CancellationToken cancellationToken, params string[] args)
    {
        return Shell.RunCheckedAsync("ip", args, CommandTimeout, cancellationToken);
    }

    /// <summary>Inode of a file (following symlinks); for an nsfs bind mount this is the netns id.</summary>
    public static async Task<ulong> StatInodeAsync(string path, CancellationToken cancellationToken)
    {
        var result = await Shell.RunCheckedAsync("stat", ["-L", "-c", "%i", path], CommandTimeout, cancellationToken);
        return ulong.Parse(result.StdOut.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Turns IPv6 off for the whole namespace (<c>all</c> and <c>default</c>, so interfaces created later inherit it)
    /// and for each of <paramref name="interfaces"/>: <c>sysctl net.ipv6.conf.SCOPE.disable_ipv6=1</c>, written to
    /// /proc/sys directly so no extra tool is needed. A freshly upped veth otherwise sends router solicitations, MLD
    /// reports and duplicate address detection on its own schedule, and a test counting frames would count those.
    /// Call it before the interfaces go up, so not even the first of them is sent. <paramref name="enter"/> is the
    /// command prefix that runs a program inside the namespace (<c>ip netns exec NAME</c> or <c>nsenter --target PID --net</c>);
    /// /proc/sys/net shows the namespace of the process that opens it (proc(5)). A kernel without IPv6 has nothing to turn off.
    /// </summary>
    public static async Task DisableIpv6Async(string[] enter, IEnumerable<string> interfaces, CancellationToken cancellationToken)
    {
        var scopes = string.Join(' ', interfaces.Prepend("default").Prepend("all"));
        var script = "[ -d /proc/sys/net/ipv6 ] || exit 0; "
            + $"for s in {scopes}; do echo 1 > /proc/sys/net/ipv6/conf/$s/disable_ipv6 || exit 1; done";
        await Shell.RunCheckedAsync(enter[0], [.. enter[1..], "sh", "-c", script], CommandTimeout, cancellationToken);
    }

    /// <summary>Deletes an <c>ip netns add</c> namespace; never throws (used from DisposeAsync).</summary>
    public static async Task DeleteQuietlyAsync(string name)
    {
        try
        {
            await Shell.RunAsync("ip", ["netns", "delete", name], CommandTimeout, CancellationToken.None);
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Best effort: cleanup must never mask the test's own outcome.
        }
    }

    public static string Ping(int count, string address)
    {
        return $"-c {count} -i 0.2 -W 1 {address}";
    }

    /// <summary>Enough time for <paramref name="count"/> pings 0.2 s apart plus process start-up.</summary>
    public static TimeSpan PingTimeout(int count)
    {
        return TimeSpan.FromSeconds(10 + (count * 0.2));
    }
}
