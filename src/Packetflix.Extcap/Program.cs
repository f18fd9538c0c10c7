using Packetflix.Extcap.Cli;
using Packetflix.Extcap.Wireshark;

namespace Packetflix.Extcap;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        // Before anything touches signal handling: a script's `packetflix capture … &` inherits SIGINT ignored.
        InheritedSignals.ResetIgnoredInterrupt();

        // Wireshark's calls take the short path: no command-line framework, so --extcap-interfaces starts fast.
        if (ExtcapArguments.IsExtcapCall(args))
        {
            var plugin = new ExtcapPlugin(ExtcapArguments.Parse(args), Console.Out, Console.Error);
            return await plugin.RunAsync(CancellationToken.None);
        }

        return await CliApp.RunAsync(args);
    }
}
