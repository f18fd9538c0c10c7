namespace Packetflix.Extcap.Install;

/// <summary>
/// <c>extcap doctor</c>: which Wireshark versions are here, where each looks for extcaps, whether our plugin is there and
/// answers, and whether the URL handler is registered, with the fix for each problem. Exit code 1 when something is wrong.
/// </summary>
internal static class Doctor
{
    public static async Task<int> RunAsync(string? dir, string? applicationsDir, TextWriter output, CancellationToken cancellationToken)
    {
        var problems = 0;
        void Problem(string what, string fix)
        {
            problems++;
            output.WriteLine($"  PROBLEM: {what}");
            output.WriteLine($"  fix: {fix}");
        }

        var installations = await ExtcapInstaller.FindAsync(cancellationToken);
        if (installations.Count == 0)
        {
            output.WriteLine("Wireshark: no tshark found on PATH or in the usual places");
            Problem("no Wireshark/tshark to use the plugin with", "install Wireshark (Debian/Ubuntu: sudo apt-get install tshark wireshark)");
        }

        foreach (var installation in installations)
        {
            output.WriteLine($"Wireshark {installation.Version}: {installation.Tshark}");
            var folders = installation.GlobalExtcapFolders.Prepend(installation.PersonalExtcapFolder).ToList();
            if (dir is not null && !folders.Contains(Path.GetFullPath(dir)))
            {
                folders.Add(Path.GetFullPath(dir));
            }

            output.WriteLine($"  looks for extcaps in: {string.Join(", ", folders)}");
            var launchers = folders.Select(f => Path.Combine(f, ExtcapLauncher.FileName)).Where(File.Exists).ToList();
            foreach (var legacy in folders.Select(f => Path.Combine(f, "cshargextcap")).Where(File.Exists))
            {
                Problem($"the old cshargextcap plugin ({legacy}) offers the same interfaces and conflicts with ours",
                    $"remove it: rm {legacy}");
            }

            if (launchers.Count == 0)
            {
                Problem("the packetflix plugin is not installed where this Wireshark looks", "packetflix extcap install");
                continue;
            }

            foreach (var launcher in launchers)
            {
                problems += await CheckLauncherAsync(launcher, output, Problem, cancellationToken);
            }

            if (await ExtcapInstaller.ListsOurInterfacesAsync(installation.Tshark, cancellationToken))
            {
                output.WriteLine("  tshark -D lists mobyshark and packetflix: ok");
            }
            else
            {
                Problem("tshark -D does not list the mobyshark and packetflix interfaces", "packetflix extcap install, then run the doctor again");
            }
        }

        var desktop = UrlHandler.DesktopFilePath(applicationsDir);
        if (File.Exists(desktop))
        {
            output.WriteLine($"URL handler: registered ({desktop})");
        }
        else
        {
            output.WriteLine("URL handler: not registered");
            Problem("packetflix: links from the web UI will not open Wireshark", "packetflix url-handler install");
        }

        output.WriteLine(problems == 0 ? "no problems found" : $"{problems} problem(s) found");
        return problems == 0 ? 0 : 1;
    }

    private static async Task<int> CheckLauncherAsync(
        string launcher, TextWriter output, Action<string, string> problem, CancellationToken cancellationToken)
    {
        var target = ExtcapLauncher.Target(launcher);
        if (target is null)
        {
            output.WriteLine($"  plugin: {launcher} (not written by packetflix extcap install)");
        }
        else if (!File.Exists(target))
        {
            problem($"the plugin {launcher} points to {target}, which does not exist", "packetflix extcap install (rewrites the launcher)");
            return 0;
        }
        else
        {
            output.WriteLine($"  plugin: {launcher} -> {target}");
        }

        var (exitCode, stdout, stderr) = await ProcessRunner.RunAsync(launcher, ["--extcap-interfaces"], TimeSpan.FromSeconds(10), cancellationToken);
        if (exitCode == 0 && stdout.Contains("interface {value=mobyshark}", StringComparison.Ordinal)
            && stdout.Contains("interface {value=packetflix}", StringComparison.Ordinal))
        {
            output.WriteLine("  plugin answers --extcap-interfaces: ok");
        }
        else
        {
            var why = (stderr.Trim().Split('\n').FirstOrDefault() ?? string.Empty).Trim();
            problem($"the plugin {launcher} does not answer --extcap-interfaces (exit {exitCode}{(why.Length > 0 ? ": " + why : string.Empty)})",
                "packetflix extcap install (and check that the .NET 10 runtime is installed)");
        }

        return 0;
    }
}
