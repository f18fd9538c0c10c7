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
        // Drained, so a full pipe never blocks the service, and shown when it fails.
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            string? line;
            Match match = Match.Empty;
            while ((line = await process.StandardOutput.ReadLineAsync(ct)) is not null)
            {
                match = ListeningLine().Match(line);
                if (match.Success)
                {
                    _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                    break;
                }
            }

            Assert.True(match.Success, "service did not report its address: " + (match.Success ? "" : await stderr));
            using var http = new HttpClient();
            var version = await http.GetStringAsync(new Uri(match.Groups[1].Value + "/version"), ct);
            Assert.Contains("packetflix", version, StringComparison.Ordinal);

            await Shell.RunCheckedAsync("kill", ["-TERM", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)],
                TimeSpan.FromSeconds(5), ct);
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(15), ct);
            Assert.True(process.ExitCode == 0, $"exit {process.ExitCode}: {await stderr}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    [Fact(Timeout = 240_000)]
    public async Task Main_BackgroundOfScriptSigint_ExitsCleanly()
    {
        // A non-interactive bash starts background jobs with SIGINT ignored (POSIX Shell Command Language §2.11), as a
        // script does; the service must still stop on `kill -INT`, as tcpdump does. Waits for the listening line, not
        // a fixed time.
        var ct = TestContext.Current.CancellationToken;
        using var temp = new TempDirectory();
        var log = temp.File("server.log");
        var script = $$"""
            dotnet '{{ServerDll}}' --port 0 --listen 127.0.0.1 > '{{log}}' 2>&1 &
            pid=$!
            deadline=$((SECONDS + 150))
            until grep -q 'listening on' '{{log}}'; do
              [ $SECONDS -ge $deadline ] && { echo "test: the service did not start in 150 s" >&2; kill -9 $pid; exit 97; }
              sleep 0.1
            done
            grep SigIgn /proc/$pid/status >&2
            kill -INT $pid
            wait $pid
            """;
        var result = await Shell.RunAsync("bash", ["-c", script], TimeSpan.FromSeconds(200), ct);
        Assert.True(result.ExitCode == 0, $"exit {result.ExitCode}: {result.StdErr}");
    }

    [GeneratedRegex(@"listening on (http://[^ ,]+)")]
    private static partial Regex ListeningLine();
}
