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
