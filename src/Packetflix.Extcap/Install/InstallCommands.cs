using System.CommandLine;

namespace Packetflix.Extcap.Install;

/// <summary>The <c>extcap</c> and <c>url-handler</c> command groups.</summary>
internal static class InstallCommands
{
    public static Command CreateExtcap()
    {
        var dir = new Option<string?>("--dir") { Description = "install into this extcap folder only" };
        var target = new Option<string?>("--target") { Description = "program the launcher runs (default: this client)" };
        var install = new Command("install", "install the Wireshark extcap plugin where every Wireshark on this machine looks")
        {
            dir, target,
        };
        install.SetAction((result, ct) => ExtcapInstaller.InstallAsync(result.GetValue(dir), result.GetValue(target), Console.Out, ct));

        var uninstallDir = new Option<string?>("--dir") { Description = "remove from this extcap folder only" };
        var uninstall = new Command("uninstall", "remove the extcap plugin installed by extcap install") { uninstallDir };
        uninstall.SetAction((result, ct) => ExtcapInstaller.UninstallAsync(result.GetValue(uninstallDir), Console.Out, ct));

        var doctorDir = new Option<string?>("--dir") { Description = "also check this extcap folder" };
        var applications = new Option<string?>("--applications-dir") { Description = "where the URL handler's .desktop file is" };
        var doctor = new Command("doctor", "diagnose the Wireshark plugin and URL handler set-up") { doctorDir, applications };
        doctor.SetAction((result, ct) => Doctor.RunAsync(result.GetValue(doctorDir), result.GetValue(applications), Console.Out, ct));

        return new Command("extcap", "manage the Wireshark extcap plugin") { install, uninstall, doctor };
    }

    public static Command CreateUrlHandler()
    {
        var dir = new Option<string?>("--dir") { Description = "applications folder for the .desktop file" };
        var install = new Command("install", "register the packetflix: URL scheme to open Wireshark") { dir };
        install.SetAction((result, ct) => UrlHandler.InstallAsync(result.GetValue(dir), Console.Out, ct));

        var uninstallDir = new Option<string?>("--dir") { Description = "applications folder for the .desktop file" };
        var uninstall = new Command("uninstall", "unregister the packetflix: URL scheme") { uninstallDir };
        uninstall.SetAction(result => UrlHandler.Uninstall(result.GetValue(uninstallDir), Console.Out));

        var url = new Argument<string>("url") { Description = "packetflix:ws://…/capture?… link" };
        var yes = new Option<bool>("--yes", "-y") { Description = "do not ask before connecting to a remote host" };
        var open = new Command("open", "open a packetflix: link in Wireshark (what the URL handler runs)") { url, yes };
        open.SetAction((result, ct) => UrlHandler.OpenAsync(result.GetValue(url)!, result.GetValue(yes), Console.Error, ct));

        return new Command("url-handler", "manage the packetflix: URL handler") { install, uninstall, open };
    }
}
