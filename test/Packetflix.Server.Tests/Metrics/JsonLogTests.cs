using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Packetflix.Tests.Common;
using static Packetflix.Server.Tests.PacketAssertions;

namespace Packetflix.Server.Tests.Metrics;

/// <summary><c>--log-format json</c> on the real executable: every stdout line is one JSON object, and every line
/// of a capture session carries the session id.</summary>
public sealed class JsonLogTests
{
    private static string ServerDll => Path.Combine(AppContext.BaseDirectory, "packetflix.dll");

    [Fact(Timeout = 90_000)]
    public async Task Main_LogFormatJson_EveryLineJsonAndSessionLinesCarrySessionId()
    {
        Privileged.Require();
        var ct = TestContext.Current.CancellationToken;
        await using var container = await FakeContainer.StartAsync(ct);
        var start = new ProcessStartInfo("dotnet", [ServerDll, "--port", "0", "--listen", "127.0.0.1", "--log-format", "json"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        // Drained, so a full pipe never blocks the service, and shown when it exits before it listens.
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        var lines = new ConcurrentQueue<string>();
        var listening = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var reader = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync(CancellationToken.None) is { } line)
            {
                lines.Enqueue(line);
                if (Message(line) is { } message && message.StartsWith("listening on ", StringComparison.Ordinal))
                {
                    listening.TrySetResult(message["listening on ".Length..].Split(',')[0].Trim());
                }
            }

            listening.TrySetException(new InvalidOperationException("service exited before it listened: " + await stderr));
        }, CancellationToken.None);
        try
        {
            var baseUri = new Uri(await listening.Task.WaitAsync(TimeSpan.FromSeconds(30), ct));
            using var http = new HttpClient();
            var query = Query(TargetJson(container, interfaces: """["eth0"]"""), "count=2");
            var download = http.GetByteArrayAsync(new Uri(baseUri, "/capture.pcapng?" + query), ct);
            while (!download.IsCompleted)
            {
                await container.PingPeerAsync(1, ct);
            }

            Assert.NotEmpty(await download);
            // The audit line is the last one of a session.
            await Eventually.WaitUntilAsync(() => lines.Any(l => Message(l)?.StartsWith("capture session ", StringComparison.Ordinal) == true),
                TimeSpan.FromSeconds(30), ct, "the audit line");
        }
        finally
        {
            if (!process.HasExited)
            {
                // Not the test's token: after a timeout the service must still be stopped.
                await Shell.RunAsync("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(5),
                    CancellationToken.None);
                if (!process.WaitForExit(TimeSpan.FromSeconds(15)))
                {
                    process.Kill(entireProcessTree: true);
                }
            }
        }

        await reader.WaitAsync(TimeSpan.FromSeconds(15), ct);
        var entries = lines.Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        Assert.All(entries, e => Assert.True(e.TryGetProperty("Category", out _) && e.TryGetProperty("Scopes", out _)));
        var started = Assert.Single(entries, e => e.GetProperty("EventId").GetInt32() == 40);
        var session = started.GetProperty("State").GetProperty("Session").GetString()!;
        var sessionLines = entries.Where(e => e.GetProperty("Message").GetString()!.Contains(session, StringComparison.Ordinal)).ToList();
        // Connected, capturing, capture ended, download ended, audit line at least.
        Assert.True(sessionLines.Count >= 5, string.Join("\n", lines));
        foreach (var entry in sessionLines)
        {
            var inScope = entry.GetProperty("Scopes").EnumerateArray()
                .Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("Session", out var id) && id.GetString() == session);
            // The audit line is written by the access layer once the request ended, outside the endpoint's scope:
            // it names the session as its own structured property.
            var asProperty = entry.GetProperty("State").TryGetProperty("Session", out var property) && property.GetString() == session;
            Assert.True(inScope || (asProperty && entry.GetProperty("Category").GetString() == "Packetflix.Audit"), entry.ToString());
        }

        // Lines of the capture pipeline (endpoint and the capture thread) are all inside the scope.
        Assert.Contains(sessionLines, e => e.GetProperty("EventId").GetInt32() == 100 && HasScope(e, session));
        Assert.Contains(sessionLines, e => e.GetProperty("EventId").GetInt32() == 101 && HasScope(e, session));
    }

    private static bool HasScope(JsonElement entry, string session) => entry.GetProperty("Scopes").EnumerateArray()
        .Any(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("Session", out var id) && id.GetString() == session);

    private static string? Message(string line)
    {
        try
        {
            using var json = JsonDocument.Parse(line);
            return json.RootElement.TryGetProperty("Message", out var message) ? message.GetString() : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
