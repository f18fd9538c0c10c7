using Packetflix.Extcap.Install;
using Packetflix.Tests.Common;

namespace Packetflix.Extcap.Tests;

public sealed class InstallTests
{
    private static async Task<(int Code, string Out)> RunAsync(IDictionary<string, string> env, params string[] args)
    {
        var ct = TestContext.Current.CancellationToken;
        using var process = ExtcapBinary.Start(args, env);
        try
        {
            var stdout = await process.StandardOutput.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(90), ct);
            return (process.ExitCode, stdout + await process.StandardError.ReadToEndAsync(ct));
        }
        finally
        {
            ExtcapBinary.KillIfRunning(process);
        }
    }

    [Fact]
    public void Parse_Tshark40Folders_PersonalIsConfigExtcap()
    {
        const string Folders = "Temp:                   /tmp\nPersonal configuration: /root/.config/wireshark\n"
            + "Global configuration:   /usr/share/wireshark\nExtcap path:            /usr/lib/x86_64-linux-gnu/wireshark/extcap\n";
        var installation = WiresharkLocator.Parse("/usr/bin/tshark", "4.0.17", Folders);
        Assert.Equal("/root/.config/wireshark/extcap", installation.PersonalExtcapFolder);
        Assert.Equal(["/usr/lib/x86_64-linux-gnu/wireshark/extcap"], installation.GlobalExtcapFolders);
    }

    [Fact]
    public void Parse_Tshark46Folders_UsesPersonalExtcapPath()
    {
        const string Folders = "Personal configuration: /home/u/.config/wireshark\nPersonal Extcap path:   /home/u/.local/lib/wireshark/extcap\n"
            + "Global Extcap path:     /usr/libexec/wireshark/extcap\n";
        var installation = WiresharkLocator.Parse("/usr/bin/tshark", "4.6.0", Folders);
        Assert.Equal("/home/u/.local/lib/wireshark/extcap", installation.PersonalExtcapFolder);
        Assert.Equal(["/usr/libexec/wireshark/extcap"], installation.GlobalExtcapFolders);
    }

    [Fact(Timeout = 120000)]
    public async Task InstallDir_PersonalFolder_FoundByTsharkAndUninstalled()
    {
        Privileged.RequireTool("tshark");
        using var temp = new TempDirectory();
        var env = new Dictionary<string, string> { ["WIRESHARK_CONFIG_DIR"] = temp.Path };
        var dir = Path.Combine(temp.Path, "extcap");
        var (code, output) = await RunAsync(env, "extcap", "install", "--dir", dir);
        Assert.True(code == 0, output);
        Assert.Contains("lists the mobyshark and packetflix interfaces", output, StringComparison.Ordinal);
        var launcher = Path.Combine(dir, "packetflix");
        Assert.Equal(ExtcapBinary.Path, ExtcapLauncher.Target(launcher));

        (code, output) = await RunAsync(env, "extcap", "uninstall", "--dir", dir);
        Assert.Equal(0, code);
        Assert.False(File.Exists(launcher), output);
    }

    [Fact(Timeout = 120000)]
    public async Task Doctor_HealthyInstall_ReportsOkExceptUrlHandler()
    {
        Privileged.RequireTool("tshark");
        using var temp = new TempDirectory();
        var env = new Dictionary<string, string> { ["WIRESHARK_CONFIG_DIR"] = temp.Path };
        var applications = Path.Combine(temp.Path, "applications");
        // Each step must have worked, or the doctor's verdict below would be about a broken setup, not a healthy one.
        var (code, output) = await RunAsync(env, "extcap", "install");
        Assert.True(code == 0, output);
        (code, output) = await RunAsync(env, "url-handler", "install", "--dir", applications);
        Assert.True(code == 0, output);
        (code, output) = await RunAsync(env, "extcap", "doctor", "--applications-dir", applications);
        Assert.True(code == 0, output);
        Assert.Contains("plugin answers --extcap-interfaces: ok", output, StringComparison.Ordinal);
        Assert.Contains("tshark -D lists mobyshark and packetflix: ok", output, StringComparison.Ordinal);
        Assert.Contains("URL handler: registered", output, StringComparison.Ordinal);
        var desktop = await File.ReadAllTextAsync(Path.Combine(applications, UrlHandler.DesktopFileName), TestContext.Current.CancellationToken);
        Assert.Contains("MimeType=x-scheme-handler/packetflix;", desktop, StringComparison.Ordinal);
        Assert.Contains(" url-handler open %u", desktop, StringComparison.Ordinal);
    }

    [Fact(Timeout = 120000)]
    public async Task Doctor_LauncherPointingNowhere_ReportsProblemAndFix()
    {
        Privileged.RequireTool("tshark");
        using var temp = new TempDirectory();
        var env = new Dictionary<string, string> { ["WIRESHARK_CONFIG_DIR"] = temp.Path };
        var missing = Path.Combine(temp.Path, "gone", "packetflix-extcap");
        await RunAsync(env, "extcap", "install", "--target", missing);
        var (code, output) = await RunAsync(env, "extcap", "doctor", "--applications-dir", Path.Combine(temp.Path, "none"));
        Assert.Equal(1, code);
        Assert.Contains($"points to {missing}, which does not exist", output, StringComparison.Ordinal);
        Assert.Contains("fix: packetflix extcap install", output, StringComparison.Ordinal);
        Assert.Contains("URL handler: not registered", output, StringComparison.Ordinal);
        Assert.Contains("fix: packetflix url-handler install", output, StringComparison.Ordinal);
    }
}
