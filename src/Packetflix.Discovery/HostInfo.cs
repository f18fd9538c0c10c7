namespace Packetflix.Discovery;

/// <summary>Host facts for the metadata block (proc(5)).</summary>
internal static class HostInfo
{
    /// <summary>The UTS hostname (/proc/sys/kernel/hostname), falling back to gethostname(2).</summary>
    public static string Hostname() => ReadTrimmed("/proc/sys/kernel/hostname") ?? Environment.MachineName;

    /// <summary>The contents of /proc/version, as Ghostwire reports it.</summary>
    public static string KernelVersion() => ReadTrimmed("/proc/version") ?? string.Empty;

    private static string? ReadTrimmed(string path)
    {
        try
        {
            return File.ReadAllText(path).Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
