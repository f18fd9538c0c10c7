using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Text.RegularExpressions;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;

namespace Packetflix.Server.Tests.Faults;

/// <summary>SIGTERM to the real executable with 20 sessions streaming: every client gets 1001, the process exits.
/// The service's own bound is HostOptions.ShutdownTimeout (5 s, ServerApp); CI is loaded, so the test asserts the
/// behaviour and only reports the time it took.</summary>
public sealed partial class ShutdownFaultTests
{
    private const int Sessions = 20;

    [Fact(Timeout = 240_000)]
    public async Task Main_Sigterm20ActiveSessions_Every1001AndExitZero()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        var start = new ProcessStartInfo("dotnet", [Path.Combine(AppContext.BaseDirectory, "packetflix.dll"), "--port", "0", "--listen", "127.0.0.1"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var clients = new List<CaptureClient>();
        try
        {
            var baseUri = await ReadListeningUriAsync(process, ct);
            var uri = new Uri($"ws://{baseUri.Authority}/capture?{Query(TargetJson(container))}");
            for (var i = 0; i < Sessions; i++)
            {
                clients.Add(await CaptureClient.ConnectAsync(uri, ct));
            }

            foreach (var client in clients)
            {
                await client.WaitForAsync(b => Interfaces(b).Count == 2, ct);
            }

            var watch = Stopwatch.StartNew();
            await Shell.RunCheckedAsync("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10), ct);
            await Task.WhenAll(clients.Select(c => c.WaitForServerCloseAsync(ct))).WaitAsync(TimeSpan.FromSeconds(90), ct);
            var closed = watch.Elapsed;
            await process.WaitForExitAsync(ct).WaitAsync(TimeSpan.FromSeconds(90), ct);
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"SIGTERM with {Sessions} sessions: all closed after {closed.TotalMilliseconds:0} ms, process exited after {watch.Elapsed.TotalMilliseconds:0} ms");

            Assert.All(clients, c => Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, c.CloseStatus));
            Assert.All(clients, c => Assert.Equal("server shutting down", c.CloseReason));
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }

            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static async Task<Uri> ReadListeningUriAsync(Process process, CancellationToken ct)
    {
        string? line;
        while ((line = await process.StandardOutput.ReadLineAsync(ct)) is not null)
        {
            if (ListeningLine().Match(line) is { Success: true } match)
            {
                // Keep draining, so a full pipe never blocks the service's logging.
                _ = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
                _ = process.StandardError.ReadToEndAsync(CancellationToken.None);
                return new Uri(match.Groups[1].Value);
            }
        }

        throw new InvalidOperationException("the service did not report its address: " + await process.StandardError.ReadToEndAsync(ct));
    }

    [GeneratedRegex(@"listening on (http://[^ ,]+)")]
    private static partial Regex ListeningLine();
}
