using System.Text.RegularExpressions;

namespace Packetflix.Extcap.Install;

/// <summary>
/// Finds every tshark on the machine and asks it where it looks for extcaps. The layouts differ by version (docs/protocol.md §18.4):
/// 4.0 scans <c>&lt;personal configuration&gt;/extcap</c> and prints only the global "Extcap path"; 4.2+ print a
/// "Personal Extcap path" (<c>~/.local/lib/wireshark/extcap</c>); 4.6 moved the global one to <c>/usr/libexec/wireshark/extcap</c>.
/// </summary>
internal static partial class WiresharkLocator
{
    private static readonly string[] KnownFolders =
        ["/usr/bin", "/usr/local/bin", "/bin", "/opt/homebrew/bin", "/Applications/Wireshark.app/Contents/MacOS"];

    public static IReadOnlyList<string> FindTsharks()
    {
        var found = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var dirs = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(KnownFolders);
        foreach (var dir in dirs)
        {
            var path = Path.Combine(dir, "tshark");
            if (!File.Exists(path))
            {
                continue;
            }

            // /bin is often a link to /usr/bin (merged /usr): compare the resolved folder and file, not the spelling.
            var folder = new DirectoryInfo(dir).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? Path.GetFullPath(dir);
            var file = Path.Combine(folder, "tshark");
            var real = new FileInfo(file).ResolveLinkTarget(returnFinalTarget: true)?.FullName ?? file;
            if (seen.Add(real))
            {
                found.Add(path);
            }
        }

        return found;
    }

    public static async Task<WiresharkInstallation?> DescribeAsync(string tshark, CancellationToken cancellationToken)
    {
        var version = await ProcessRunner.RunAsync(tshark, ["-v"], TimeSpan.FromSeconds(20), cancellationToken);
        var folders = await ProcessRunner.RunAsync(tshark, ["-G", "folders"], TimeSpan.FromSeconds(20), cancellationToken);
        if (folders.ExitCode != 0)
        {
            return null;
        }

        var match = VersionPattern().Match(version.StdOut);
        return Parse(tshark, match.Success ? match.Value : "unknown", folders.StdOut);
    }

    /// <summary>Reads <c>tshark -G folders</c> ("Name:  value" lines).</summary>
    public static WiresharkInstallation Parse(string tshark, string version, string folders)
    {
        var values = new List<(string Key, string Value)>();
        foreach (var line in folders.Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0)
            {
                values.Add((line[..colon].Trim(), line[(colon + 1)..].Trim()));
            }
        }

        var personal = values.FirstOrDefault(v => v.Key.Equals("Personal Extcap path", StringComparison.OrdinalIgnoreCase)).Value;
        if (string.IsNullOrEmpty(personal))
        {
            // 4.0 prints no personal extcap path, yet scans <personal configuration>/extcap (docs/protocol.md §18.4).
            var config = values.FirstOrDefault(v => v.Key.Equals("Personal configuration", StringComparison.OrdinalIgnoreCase)).Value;
            personal = Path.Combine(string.IsNullOrEmpty(config) ? DefaultConfigDir() : config, "extcap");
        }

        var global = values
            .Where(v => v.Key.Equals("Extcap path", StringComparison.OrdinalIgnoreCase)
                || v.Key.Equals("Global Extcap path", StringComparison.OrdinalIgnoreCase))
            .SelectMany(v => v.Value.Split(':', StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p != personal)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return new WiresharkInstallation(tshark, version, personal, global);
    }

    /// <summary><c>$WIRESHARK_CONFIG_DIR</c>, else <c>$XDG_CONFIG_HOME/wireshark</c>, else <c>~/.config/wireshark</c>.</summary>
    public static string DefaultConfigDir()
    {
        if (Environment.GetEnvironmentVariable("WIRESHARK_CONFIG_DIR") is { Length: > 0 } dir)
        {
            return dir;
        }

        var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
        return Path.Combine(string.IsNullOrEmpty(xdg) ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config") : xdg,
            "wireshark");
    }

    [GeneratedRegex(@"\d+\.\d+\.\d+")]
    private static partial Regex VersionPattern();
}
