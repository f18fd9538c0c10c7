using System.CommandLine;
using Packetflix.Extcap.Client;
using Packetflix.Extcap.Install;

namespace Packetflix.Extcap.Cli;

/// <summary>The client's command line: <c>ls</c>, <c>capture</c>, <c>extcap install|uninstall|doctor</c>, <c>url-handler</c>.</summary>
internal static class CliApp
{
    public static RootCommand CreateRoot()
    {
        var root = new RootCommand("Packetflix clients: container capture without and with Wireshark")
        {
            LsCommand.Create(),
            CaptureCommand.Create(),
            InstallCommands.CreateExtcap(),
            InstallCommands.CreateUrlHandler(),
        };
        return root;
    }

    public static async Task<int> RunAsync(string[] args)
    {
        // Our own SIGINT/SIGTERM handling (StopController) ends captures cleanly; System.CommandLine's would cancel
        // the action and kill the process after a timeout.
        var configuration = new InvocationConfiguration { ProcessTerminationTimeout = null, EnableDefaultExceptionHandler = false };
        try
        {
            return await CreateRoot().Parse(args).InvokeAsync(configuration);
        }
        catch (ClientException ex)
        {
            await Console.Error.WriteLineAsync($"packetflix: {ex.Message}");
            return 1;
        }
    }
}
