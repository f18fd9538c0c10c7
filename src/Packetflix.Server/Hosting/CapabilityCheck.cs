using System.Globalization;
using Packetflix.Linux;

namespace Packetflix.Server.Hosting;

/// <summary>
/// The start-up check of our capabilities: without one of them the service would start and then fail every capture
/// or list nothing, so it refuses to start and names each missing one and what it is for (exit 2). Root with the
/// full set (the usual <c>sudo</c>) passes; so does user 65534 with file capabilities on the binary (the container
/// image) or ambient capabilities (the systemd unit).
/// </summary>
/// <remarks>
/// A binary with file capabilities whose permitted set the bounding set cuts down is not run at all: execve(2)
/// fails with EPERM before any of our code runs (capabilities(7), "safety checking for capability-dumb binaries").
/// So the container image starts <see cref="LauncherName"/>, a copy of the binary without file capabilities: it
/// checks the bounding set (what the real binary can get) and, when it is complete, execs the real binary next to it.
/// </remarks>
internal static class CapabilityCheck
{
    /// <summary>The name of the launcher copy (no file capabilities) in the container image.</summary>
    public const string LauncherName = "packetflix-start";

    private const string BinaryName = "packetflix";

    /// <summary>The capabilities the service needs, numbered as in <c>linux/capability.h</c> (capabilities(7)).</summary>
    public static readonly IReadOnlyList<RequiredCapability> Required =
    [
        new(21, "CAP_SYS_ADMIN", "setns(2) into other network namespaces"),
        new(19, "CAP_SYS_PTRACE", "opening other processes' /proc/PID/ns/* and /proc/PID/root (ptrace access mode)"),
        new(12, "CAP_NET_ADMIN", "capturing: promiscuous mode and interface details"),
        new(13, "CAP_NET_RAW", "capturing: opening packet sockets"),
        new(18, "CAP_SYS_CHROOT", "setns(2) into other mount namespaces"),
        new(1, "CAP_DAC_OVERRIDE", "connecting to container engine sockets owned by root (such as /run/docker.sock, mode 0660)"),
    ];

    /// <summary>The last line of the refusal: how to grant them.</summary>
    public static string Remedy =>
        "packetflix: run it as root, or grant the capabilities: file capabilities on the binary (setcap), ambient "
        + "capabilities (systemd AmbientCapabilities=) or cap_add in a container; see docs/deployment.md";

    /// <summary>
    /// Null when the service may start; otherwise the exit code after the refusal was written to stderr. The
    /// launcher copy does not return when the real binary can be started.
    /// </summary>
    public static async Task<int?> EnforceAsync(IReadOnlyList<string> args)
    {
        var status = await File.ReadAllTextAsync("/proc/self/status");
        var missing = Missing(status, "CapEff");
        if (missing.Count == 0)
        {
            return null;
        }

        var self = Environment.ProcessPath;
        var real = self is null ? null : Path.Combine(Path.GetDirectoryName(self)!, BinaryName);
        if (self is not null && Path.GetFileName(self) == LauncherName && File.Exists(real))
        {
            // The real binary gets at most the bounding set (its file capabilities are masked by it).
            missing = Missing(status, "CapBnd");
            if (missing.Count == 0)
            {
                var errno = ProcessImage.Replace(real, args);
                await Console.Error.WriteLineAsync($"packetflix: cannot run {real}: {LinuxError.Describe(errno)}");
                return 1;
            }
        }

        foreach (var capability in missing)
        {
            await Console.Error.WriteLineAsync(Describe(capability));
        }

        await Console.Error.WriteLineAsync(Remedy);
        return 2;
    }

    /// <summary>The required capabilities missing from one capability line (<c>CapEff</c>, <c>CapBnd</c>, …) of a
    /// proc_pid_status(5) text.</summary>
    public static IReadOnlyList<RequiredCapability> Missing(string procStatus, string field)
    {
        var set = CapabilitySet(procStatus, field + ":");
        return [.. Required.Where(c => (set & (1UL << c.Number)) == 0)];
    }

    /// <summary>One line per missing capability, for stderr.</summary>
    public static string Describe(RequiredCapability capability) =>
        $"packetflix: missing capability {capability.Name}, needed for {capability.Purpose}";

    // "CapEff:\t000001ffffffffff": a 64-bit hexadecimal mask; a missing or unreadable line counts as no capabilities.
    private static ulong CapabilitySet(string procStatus, string prefix)
    {
        foreach (var line in procStatus.Split('\n'))
        {
            if (line.StartsWith(prefix, StringComparison.Ordinal)
                && ulong.TryParse(line.AsSpan(prefix.Length).Trim(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture,
                    out var mask))
            {
                return mask;
            }
        }

        return 0;
    }
}
