using System.Diagnostics;
using Packetflix.Extcap.Wireshark;

namespace Packetflix.Extcap.Install;

/// <summary>
/// The <c>packetflix:</c> URL handler: a <c>.desktop</c> file for <c>x-scheme-handler/packetflix</c> that runs
/// <c>url-handler open %u</c>, which confirms non-loopback hosts and then starts
/// <c>wireshark -k -i packetflix -o extcap.packetflix.url:URL</c>.
/// </summary>
internal static class UrlHandler
{
    public const string DesktopFileName = "packetflix-url-handler.desktop";

    public static string DesktopFilePath(string? applicationsDir) => Path.Combine(applicationsDir ?? DefaultApplicationsDir(), DesktopFileName);

    public static string DefaultApplicationsDir()
    {
        var data = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        return Path.Combine(
            string.IsNullOrEmpty(data) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share") : data,
            "applications");
    }

    public static string DesktopFile(IReadOnlyList<string> command) =>
        "[Desktop Entry]\n"
        + "Type=Application\n"
        + "Name=Packetflix capture in Wireshark\n"
        + "Comment=Opens packetflix: capture links in Wireshark\n"
        + "Exec=" + string.Join(' ', command.Select(c => c.Contains(' ', StringComparison.Ordinal) ? $"\"{c}\"" : c))
        + " url-handler open %u\n"
        + "Terminal=false\n"
        + "NoDisplay=true\n"
        + "MimeType=x-scheme-handler/packetflix;\n";

    public static async Task<int> InstallAsync(string? applicationsDir, TextWriter output, CancellationToken cancellationToken)
    {
        var dir = applicationsDir ?? DefaultApplicationsDir();
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, DesktopFileName);
        await File.WriteAllTextAsync(path, DesktopFile(ExtcapLauncher.CurrentCommand()), cancellationToken);
        output.WriteLine($"installed {path}");
        if (ProcessRunner.Which("update-desktop-database") is { } update)
        {
            await ProcessRunner.RunAsync(update, [dir], TimeSpan.FromSeconds(30), cancellationToken);
        }

        if (ProcessRunner.Which("xdg-mime") is { } xdgMime && applicationsDir is null)
        {
            await ProcessRunner.RunAsync(xdgMime, ["default", DesktopFileName, "x-scheme-handler/packetflix"], TimeSpan.FromSeconds(30),
                cancellationToken);
        }

        return 0;
    }

    public static int Uninstall(string? applicationsDir, TextWriter output)
    {
        var path = DesktopFilePath(applicationsDir);
        if (File.Exists(path))
        {
            File.Delete(path);
            output.WriteLine($"removed {path}");
        }

        return 0;
    }

    /// <summary>Opens a link: a remote party chooses what Wireshark connects to, so a non-loopback host needs a yes.</summary>
    public static async Task<int> OpenAsync(string url, bool assumeYes, TextWriter error, CancellationToken cancellationToken)
    {
        if (!PacketflixUrl.TryParse(url, out var parsed, out var problem))
        {
            await error.WriteLineAsync($"packetflix: {problem}");
            return 1;
        }

        if (!parsed!.Host.IsLoopback && !assumeYes && !await ConfirmAsync(parsed.Host.BaseUri.Authority, cancellationToken))
        {
            await error.WriteLineAsync($"packetflix: not connecting to {parsed.Host.BaseUri.Authority}");
            return 1;
        }

        var wireshark = ProcessRunner.Which("wireshark") ?? "wireshark";
        var info = new ProcessStartInfo(wireshark) { UseShellExecute = false };
        foreach (var arg in new[] { "-k", "-i", "packetflix", "-o", "extcap.packetflix.url:" + url })
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info);
        return 0;
    }

    private static async Task<bool> ConfirmAsync(string host, CancellationToken cancellationToken)
    {
        var question = $"A packetflix: link asks Wireshark to capture from {host}, which is not this machine. Connect?";
        if (Environment.GetEnvironmentVariable("DISPLAY") is { Length: > 0 } || Environment.GetEnvironmentVariable("WAYLAND_DISPLAY") is { Length: > 0 })
        {
            if (ProcessRunner.Which("zenity") is { } zenity)
            {
                return (await ProcessRunner.RunAsync(zenity, ["--question", "--title=Packetflix", "--text=" + question],
                    TimeSpan.FromMinutes(5), cancellationToken)).ExitCode == 0;
            }

            if (ProcessRunner.Which("kdialog") is { } kdialog)
            {
                return (await ProcessRunner.RunAsync(kdialog, ["--title", "Packetflix", "--yesno", question],
                    TimeSpan.FromMinutes(5), cancellationToken)).ExitCode == 0;
            }
        }

        if (Console.IsInputRedirected)
        {
            return false;
        }

        Console.Error.Write(question + " [y/N] ");
        return (Console.ReadLine() ?? string.Empty).Trim().ToUpperInvariant() is "Y" or "YES";
    }
}
