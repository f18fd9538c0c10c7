using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Packetflix.Extcap.Tests;

/// <summary>The real Packetflix service as a child process on 127.0.0.1, discovery proxied to a fake mobyshark server.</summary>
internal sealed partial class RealServer : IAsyncDisposable
{
    private readonly Process _process;

    private RealServer(Process process, string hostUrl)
    {
        _process = process;
        HostUrl = hostUrl;
    }

    public string HostUrl { get; }

    /// <summary>The service dll, built first through the test project's reference; same configuration as the tests.</summary>
    public static string DllPath
    {
        get
        {
            var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
            var root = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", ".."));
            return Path.Combine(root, "src", "Packetflix.Server", "bin", configuration, "net10.0", "packetflix.dll");
        }
    }

    public static Task<RealServer> StartAsync(int gwPort, CancellationToken cancellationToken) => StartAsync(gwPort, [], cancellationToken);

    /// <summary>With <paramref name="extraArgs"/> (TLS flags, more listeners); the URL read back is https with TLS.</summary>
    public static Task<RealServer> StartAsync(int gwPort, IReadOnlyList<string> extraArgs, CancellationToken cancellationToken) =>
        StartProcessAsync(["--proxy-discovery", "--gw-port", gwPort.ToString(System.Globalization.CultureInfo.InvariantCulture), .. extraArgs],
            cancellationToken);

    /// <summary>With its embedded discovery (no proxy): <c>/discover/mobyshark</c> and <c>/json</c> describe this host's
    /// real containers, labels and pods included (docs/discovery.md).</summary>
    public static Task<RealServer> StartEmbeddedAsync(CancellationToken cancellationToken) => StartProcessAsync([], cancellationToken);

    private static async Task<RealServer> StartProcessAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { DllPath, "--port", "0", "--listen", "127.0.0.1" }.Concat(args))
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("cannot start the service");
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        try
        {
            _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
            while (await process.StandardOutput.ReadLineAsync(deadline.Token) is { } line)
            {
                var match = Listening().Match(line);
                if (match.Success)
                {
                    _ = DrainAsync(process);
                    return new RealServer(process, match.Groups[1].Value);
                }
            }

            throw new InvalidOperationException("the service exited before listening");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }

    private static async Task DrainAsync(Process process)
    {
        while (await process.StandardOutput.ReadLineAsync() is not null)
        {
        }
    }

    [GeneratedRegex(@"listening on .*?(https?://127\.0\.0\.1:\d+)")]
    private static partial Regex Listening();
}
