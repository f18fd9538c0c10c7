using System.Globalization;
using System.Text;

namespace Packetflix.Discovery.Explorer;

/// <summary>Small per-process texts from /proc (proc_pid_cmdline(5)).</summary>
internal static class ProcessText
{
    /// <summary>The command line with its NUL separators as spaces; "" when gone or a zombie.</summary>
    public static string Cmdline(int pid, string procRoot = "/proc")
    {
        try
        {
            var bytes = File.ReadAllBytes($"{procRoot}/{pid.ToString(CultureInfo.InvariantCulture)}/cmdline");
            return Encoding.UTF8.GetString(bytes).TrimEnd('\0').Replace('\0', ' ');
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return string.Empty;
        }
    }
}
