using Packetflix.Core;
using Packetflix.Linux;
using Packetflix.Server.Auth;
using Packetflix.Server.Cli;
using Packetflix.Server.Hosting;

namespace Packetflix.Server;

internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        InheritedSignals.ResetIgnoredInterrupt();
        if (args is [HealthProbe.Command, .. var probeArgs])
        {
            return await HealthProbe.RunAsync(probeArgs);
        }

        var (options, error) = CommandLineParser.Parse(args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync($"packetflix: {error} (see packetflix --help)");
            return 2;
        }

        if (options.ShowHelp)
        {
            await Console.Out.WriteLineAsync(HelpText.Usage);
            return 0;
        }

        if (options.ShowVersion)
        {
            await Console.Out.WriteLineAsync(PacketflixVersion.Version);
            return 0;
        }

        if (AccessPolicy.Validate(options) is { } accessError)
        {
            await Console.Error.WriteLineAsync($"packetflix: {accessError}");
            return 2;
        }

        if (Tls.TlsPolicy.Validate(options, TimeProvider.System) is { } tlsError)
        {
            await Console.Error.WriteLineAsync($"packetflix: {tlsError}");
            return 2;
        }

        if (await CapabilityCheck.EnforceAsync(args) is { } refused)
        {
            return refused;
        }

        if (!LibPcap.TryLoad(out var pcapError))
        {
            await Console.Error.WriteLineAsync(
                $"packetflix: libpcap is not installed ({pcapError}); install it with: sudo apt-get install libpcap0.8");
            return 1;
        }

        await using var app = ServerApp.Build(options);
        try
        {
            await app.RunAsync();
        }
        catch (IOException ex)
        {
            // Typically "address already in use": one line, not a stack trace.
            await Console.Error.WriteLineAsync($"packetflix: {ex.Message}");
            return 1;
        }

        return 0;
    }
}
