using System.Diagnostics;

namespace Packetflix.Extcap.Tests;

/// <summary>The built <c>packetflix-extcap</c> apphost, copied beside the tests by the project reference.</summary>
internal static class ExtcapBinary
{
    public static string Path { get; } = System.IO.Path.Combine(AppContext.BaseDirectory, "packetflix-extcap");

    public static Process Start(IEnumerable<string> args, IDictionary<string, string>? environment = null, bool redirectStdout = true)
    {
        var info = new ProcessStartInfo(Path)
        {
            UseShellExecute = false,
            RedirectStandardOutput = redirectStdout,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return Process.Start(info) ?? throw new InvalidOperationException("cannot start packetflix-extcap");
    }

    /// <summary>Sends a signal to one process by PID (the only way our tests end processes).</summary>
    public static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    public static void KillIfRunning(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5000);
            }
        }
        catch (InvalidOperationException)
        {
        }
    }
}
