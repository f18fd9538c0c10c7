using System.Diagnostics;
using System.Text.RegularExpressions;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests;

/// <summary>The real executable: flags, exit codes, signals.</summary>
public sealed partial class ProcessTests
{
    private static string ServerDll => Path.Combine(AppContext.BaseDirectory, "packetflix.dll");

    [Fact(Timeout = 30_000)]
    public async Task Main_Version_PrintsSemverAndExitsZero()
    {
        var result = await Shell.RunAsync("dotnet", [ServerDll, "--version"], TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"^\d+\.\d+\.\d+", result.StdOut.Trim());
    }

    [Fact(Timeout = 30_000)]
    public async Task Main_UnknownFlag_OneLineErrorExitTwo()
    {
        var result = await Shell.RunAsync("dotnet", [ServerDll, "--bogus"], TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        Assert.Equal(2, result.ExitCode);
        Assert.Equal("packetflix: unknown flag \"--bogus\" (see packetflix --help)", result.StdErr.Trim());
        Assert.Equal("", result.StdOut);
    }

    [Fact(Timeout = 30_000)]
    public async Task Main_Help_ListsUpstreamFlags()
    {
        var result = await Shell.RunAsync("dotnet", [ServerDll, "-h"], TimeSpan.FromSeconds(20), TestContext.Current.CancellationToken);
        Assert.Equal(0, result.ExitCode);
        foreach (var flag in new[] { "--port", "--discovery-service", "--gw-port", "--proxy-discovery", "--debug", "--log-requests",
                     "--log-headers", "--listen", "--version" })
        {
            Assert.Contains(flag, result.StdOut, StringComparison.Ordinal);
        }
    }

    [Fact(Timeout = 60_000)]
    public async Task Main_Sigterm_ExitsCleanly()
    {
        var ct = TestContext.Current.CancellationToken;
        var start = new ProcessStartInfo("dotnet", [ServerDll, "--port", "0", "--listen", "127.0.0.1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        try
        {
            string? line;
            Match match = Match.Empty;
            while ((line = await process.StandardOutput.ReadLineAsync(ct)) is not null)
            {
                match = ListeningLine().Match(line);
                if (match.Success)
                {
                    break;
                }
            }

            Assert.True(match.Success, "service did not report its address");
            using var http = new HttpClient();
            var version = await http.GetStringAsync(new Uri(match.Groups[1].Value + "/version"), ct);
            Assert.Contains("packetflix", version, StringComparison.Ordinal);

            await Shell.RunCheckedAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                TimeSpan.FromSeconds(5), ct);
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(15), ct);
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [GeneratedRegex(@"listening on (http://[^ ,]+)")]
    private static partial Regex ListeningLine();
}
