using System.Diagnostics;
using System.Globalization;
using System.Net.WebSockets;
using System.Runtime.InteropServices;
using Packetflix.Core.Net;

namespace Packetflix.Bench.Capture;

/// <summary>
/// The bench's capture consumer (bench/README.md). Two modes:
/// <list type="bullet">
/// <item><c>pf-bench-client ws URL SECONDS [READY-FILE [UNIX-SOCKET]]</c>: reads a /capture stream, counts and validates it
/// (<see cref="StreamCounter"/>), creates READY-FILE once the interface description arrived (the ring is open),
/// and on SIGINT/SIGTERM or after SECONDS sends a close frame and reads on to the final ISB, which comes before
/// the close echo (docs/api.md). Prints one line of key=value; exit 4 when the stream is malformed or has no final
/// statistics. With UNIX-SOCKET the connection goes to the service's unix socket listener (<c>--listen unix:PATH</c>)
/// instead of URL's host and port, which then only name the request.</item>
/// <item><c>pf-bench-client ws-warm URL SECONDS</c>: the same after one throw-away connect and close, so the
/// first-packet time leaves out the client's own start-up.</item>
/// <item><c>pf-bench-client spawn CMD ARG...</c>: starts CMD (e.g. dumpcap in a netns), reads the pcapng on its
/// stdout and prints the milliseconds from the spawn to its first EPB, then kills it.</item>
/// </list>
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length >= 3 && args[0] == "ws")
        {
            return await WebSocketAsync(new Uri(args[1]), double.Parse(args[2], CultureInfo.InvariantCulture), args.Length > 3 ? args[3] : null,
                args.Length > 4 ? args[4] : null);
        }

        if (args.Length >= 3 && args[0] == "ws-warm")
        {
            // The same stream after one throw-away connect and close: the client's own JIT of its connect path is
            // then out of the first-packet time, which is left to the server (upgrade, netns, ring, first block).
            using (var warm = new ClientWebSocket())
            {
                await warm.ConnectAsync(new Uri(args[1]), CancellationToken.None);
                await warm.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            }

            return await WebSocketAsync(new Uri(args[1]), double.Parse(args[2], CultureInfo.InvariantCulture), null, null);
        }

        if (args.Length >= 2 && args[0] == "spawn")
        {
            return await SpawnAsync(args[1], args[2..]);
        }

        await Console.Error.WriteLineAsync("usage: pf-bench-client ws <ws-url> <seconds> [ready-file [unix-socket]] | spawn <command> [args...]");
        return 2;
    }

    private static async Task<int> WebSocketAsync(Uri url, double seconds, string? readyFile, string? unixSocket)
    {
        // Cancelling a pending ReceiveAsync aborts a ClientWebSocket, so the stop never cancels the receive: the close
        // frame is sent beside it (one send and one receive may be outstanding at once) and the receive loop reads
        // on to the final ISB and the close echo.
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var timer = new Timer(_ => stopped.TrySetResult(), null, TimeSpan.FromSeconds(seconds), Timeout.InfiniteTimeSpan);
        using var onInt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        var counter = new StreamCounter(Stopwatch.GetTimestamp());
        using var ws = new ClientWebSocket();
        using var invoker = unixSocket is null ? null : new HttpMessageInvoker(UnixSocketHandler(unixSocket));
        await ws.ConnectAsync(url, invoker, CancellationToken.None);
        var closer = CloseWhenStoppedAsync(ws, stopped.Task);
        while (true)
        {
            var result = await ws.ReceiveAsync(counter.FreeSpace, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                break;
            }

            counter.Advance(result.Count);
            if (readyFile is not null && counter.SawHeader)
            {
                await File.WriteAllTextAsync(readyFile, "ready\n", CancellationToken.None);
                readyFile = null;
            }
        }

        stopped.TrySetResult();
        await closer;
        Console.WriteLine(counter.Summary() + string.Create(CultureInfo.InvariantCulture, $" close={(int?)ws.CloseStatus}"));
        return counter.Malformation is null && counter.SawFinalStatistics ? 0 : 4;

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stopped.TrySetResult();
        }
    }

    /// <summary>HTTP connections to a unix socket: the request's URL keeps naming host and path, the socket is the transport.</summary>
    private static SocketsHttpHandler UnixSocketHandler(string path) => new()
    {
        UseProxy = false,
        ConnectCallback = (_, cancel) => UnixSocketConnector.ConnectAsync(path, cancel),
    };

    private static async Task CloseWhenStoppedAsync(ClientWebSocket ws, Task stopped)
    {
        await stopped;
        try
        {
            await ws.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        catch (Exception e) when (e is WebSocketException or InvalidOperationException or ObjectDisposedException)
        {
            // The server closed first (capture ended): its close frame was already echoed.
        }
    }

    private static async Task<int> SpawnAsync(string command, string[] arguments)
    {
        var start = new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, UseShellExecute = false };
        var counter = new StreamCounter(Stopwatch.GetTimestamp());
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {command}");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var stdout = process.StandardOutput.BaseStream;
        try
        {
            while (counter.Packets == 0 && counter.Malformation is null)
            {
                var n = await stdout.ReadAsync(counter.FreeSpace, timeout.Token);
                if (n == 0)
                {
                    break;
                }

                counter.Advance(n);
            }
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync(CancellationToken.None);
        }

        Console.WriteLine(counter.Summary());
        return counter.Packets > 0 && counter.Malformation is null ? 0 : 4;
    }
}
