namespace Packetflix.Extcap.Install;

/// <summary><c>extcap install</c> and <c>uninstall</c>: put the launcher where each Wireshark looks, then verify with <c>tshark -D</c>.</summary>
internal static class ExtcapInstaller
{
    public static async Task<int> InstallAsync(string? dir, string? target, TextWriter output, CancellationToken cancellationToken)
    {
        var command = target is null ? ExtcapLauncher.CurrentCommand() : [Path.GetFullPath(target)];
        var installations = await FindAsync(cancellationToken);
        var folders = dir is not null
            ? [Path.GetFullPath(dir)]
            : installations.Select(i => i.PersonalExtcapFolder).DefaultIfEmpty(Path.Combine(WiresharkLocator.DefaultConfigDir(), "extcap"))
                .Distinct(StringComparer.Ordinal).ToList();
        foreach (var folder in folders)
        {
            ExtcapLauncher.Write(folder, command);
            output.WriteLine($"installed {Path.Combine(folder, ExtcapLauncher.FileName)} -> {string.Join(' ', command)}");
        }

        if (installations.Count == 0)
        {
            output.WriteLine("no tshark found to verify the install (install tshark or wireshark, then run: packetflix extcap doctor)");
            return 0;
        }

        var failures = 0;
        foreach (var installation in installations)
        {
            var listed = await ListsOurInterfacesAsync(installation.Tshark, cancellationToken);
            output.WriteLine(listed
                ? $"tshark {installation.Version} ({installation.Tshark}) lists the mobyshark and packetflix interfaces"
                : $"tshark {installation.Version} ({installation.Tshark}) does NOT list our interfaces; it looks in {installation.PersonalExtcapFolder}"
                    + (installation.GlobalExtcapFolders.Count > 0 ? " and " + string.Join(", ", installation.GlobalExtcapFolders) : string.Empty));
            failures += listed ? 0 : 1;
        }

        return failures == 0 ? 0 : 1;
    }

    public static async Task<int> UninstallAsync(string? dir, TextWriter output, CancellationToken cancellationToken)
    {
        var installations = await FindAsync(cancellationToken);
        var folders = dir is not null
            ? [Path.GetFullPath(dir)]
            : installations.SelectMany(i => i.GlobalExtcapFolders.Prepend(i.PersonalExtcapFolder))
                .Append(Path.Combine(WiresharkLocator.DefaultConfigDir(), "extcap")).Distinct(StringComparer.Ordinal).ToList();
        var removed = 0;
        foreach (var path in folders.Select(f => Path.Combine(f, ExtcapLauncher.FileName)).Where(ExtcapLauncher.IsOurs))
        {
            File.Delete(path);
            output.WriteLine($"removed {path}");
            removed++;
        }

        if (removed == 0)
        {
            output.WriteLine("no packetflix extcap launcher found");
        }

        return 0;
    }

    public static async Task<IReadOnlyList<WiresharkInstallation>> FindAsync(CancellationToken cancellationToken)
    {
        var result = new List<WiresharkInstallation>();
        foreach (var tshark in WiresharkLocator.FindTsharks())
        {
            if (await WiresharkLocator.DescribeAsync(tshark, cancellationToken) is { } installation)
            {
                result.Add(installation);
            }
        }

        return result;
    }

    public static async Task<bool> ListsOurInterfacesAsync(string tshark, CancellationToken cancellationToken)
    {
        var (exitCode, stdout, _) = await ProcessRunner.RunAsync(tshark, ["-D"], TimeSpan.FromSeconds(30), cancellationToken);
        return exitCode == 0 && stdout.Contains(". mobyshark ", StringComparison.Ordinal)
            && stdout.Contains(". packetflix ", StringComparison.Ordinal);
    }
}
