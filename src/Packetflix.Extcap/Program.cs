using Packetflix.Extcap.Cli;
using Packetflix.Extcap.Wireshark;

namespace Packetflix.Extcap;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        // Wireshark's calls take the short path: no command-line framework, so --extcap-interfaces starts fast.
        if (ExtcapArguments.IsExtcapCall(args))
        {
            var plugin = new ExtcapPlugin(ExtcapArguments.Parse(args), Console.Out, Console.Error);
            return await plugin.RunAsync(CancellationToken.None);
        }

        return await CliApp.RunAsync(args);
    }
}
