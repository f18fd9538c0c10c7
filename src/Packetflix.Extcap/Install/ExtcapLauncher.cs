using System.Runtime.InteropServices;
using System.Text.RegularExpressions;

namespace Packetflix.Extcap.Install;

/// <summary>
/// The file we put into an extcap folder: a small shell script named <c>packetflix</c> that execs this binary. A launcher
/// (not a copy) keeps the plugin in step with the installed client and lets doctor see where it points.
/// </summary>
internal static partial class ExtcapLauncher
{
    public const string FileName = "packetflix";
    public const string Marker = "# packetflix-extcap launcher";

    /// <summary>The command that runs this very client: its apphost, or <c>dotnet &lt;dll&gt;</c>.</summary>
    public static IReadOnlyList<string> CurrentCommand()
    {
        var baseDir = AppContext.BaseDirectory;
        var apphost = Path.Combine(baseDir, "packetflix-extcap");
        if (File.Exists(apphost))
        {
            return [apphost];
        }

        return [Environment.ProcessPath ?? "dotnet", Path.Combine(baseDir, "packetflix-extcap.dll")];
    }

    public static string Script(IReadOnlyList<string> command)
    {
        // Wireshark starts extcaps without our shell's environment; the apphost needs to find the .NET runtime.
        var dotnetRoot = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
        return "#!/bin/sh\n"
            + Marker + " (packetflix extcap install); Wireshark runs this as an extcap.\n"
            + $"export DOTNET_ROOT=\"${{DOTNET_ROOT:-{dotnetRoot}}}\"\n"
            + "exec " + string.Join(' ', command.Select(Quote)) + " \"$@\"\n";
    }

    public static void Write(string folder, IReadOnlyList<string> command)
    {
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, FileName);
        var temp = path + ".tmp";
        File.WriteAllText(temp, Script(command));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        }
        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Whether <paramref name="path"/> is a launcher we wrote (so uninstall never removes someone else's file).</summary>
    public static bool IsOurs(string path)
    {
        try
        {
            return File.Exists(path) && File.ReadLines(path).Take(3).Any(l => l.StartsWith(Marker, StringComparison.Ordinal));
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>The program our launcher execs, or null when the file is not one of ours.</summary>
    public static string? Target(string path)
    {
        if (!IsOurs(path))
        {
            return null;
        }

        var exec = File.ReadLines(path).FirstOrDefault(l => l.StartsWith("exec ", StringComparison.Ordinal));
        var match = exec is null ? null : ExecTarget().Match(exec);
        return match is { Success: true } ? match.Groups[1].Value.Replace("'\\''", "'", StringComparison.Ordinal) : null;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    [GeneratedRegex(@"^exec '((?:[^']|'\\'')*)'")]
    private static partial Regex ExecTarget();
}
