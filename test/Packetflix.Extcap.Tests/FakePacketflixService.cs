using System.Collections.Concurrent;
using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Packetflix.Extcap.Tests;

/// <summary>
/// A stand-in for the service: <c>/discover/mobyshark</c> answers <see cref="DiscoveryJson"/>; <c>/capture</c> records the
/// request, streams a pcapng header plus a packet every <see cref="PacketInterval"/> and ends as configured.
/// </summary>
internal sealed class FakePacketflixService : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource<CaptureRecord> _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private FakePacketflixService(WebApplication app)
    {
        _app = app;
    }

    public string DiscoveryJson { get; set; } = """{"containers":[]}""";

    public string? RequiredToken { get; set; }

    /// <summary>Packets to send before ending; null streams until the client closes.</summary>
    public int? PacketsBeforeClose { get; set; }

    /// <summary>Packets to send before falling silent, the session left open until the client closes; null for no pause.</summary>
    public int? PacketsBeforeSilence { get; set; }

    public WebSocketCloseStatus CloseStatus { get; set; } = WebSocketCloseStatus.NormalClosure;

    public string CloseReason { get; set; } = "capture process terminated";

    public TimeSpan PacketInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>When set, a final statistics block of interface 0 ends the stream as the real service's does
    /// (docs/api.md, "Stream"): before its close frame, or before the echo of the client's.</summary>
    public Packetflix.Core.Pcapng.InterfaceStatistics? FinalStatistics { get; set; }

    public ConcurrentQueue<CaptureRecord> Captures { get; } = new();

    public Uri BaseUri { get; private set; } = null!;

    public string HostUrl => BaseUri.ToString().TrimEnd('/');

    /// <summary>Completes when the first capture session has ended.</summary>
    public Task<CaptureRecord> Finished => _finished.Task;

    public static async Task<FakePacketflixService> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var service = new FakePacketflixService(app);
        app.UseWebSockets();
        IResult Discovery(HttpContext context) =>
            service.Authorized(context) ? Results.Text(service.DiscoveryJson, "application/json") : Results.StatusCode(401);
        app.MapGet("/discover/mobyshark", Discovery);

        // What the real service's --proxy-discovery forwards /discover/mobyshark to (docs/protocol.md §3).
        app.MapGet("/mobyshark", Discovery);
        app.Map("/capture", service.CaptureAsync);
        await app.StartAsync(cancellationToken);
        service.BaseUri = new Uri(app.Urls.First() + "/");
        return service;
    }

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _app.StopAsync(cts.Token);
        await _app.DisposeAsync();
    }

    private bool Authorized(HttpContext context) =>
        RequiredToken is null || context.Request.Headers.Authorization.ToString() == "Bearer " + RequiredToken;

    private async Task CaptureAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }

        if (!Authorized(context))
        {
            context.Response.StatusCode = 401;
            return;
        }

        var record = new CaptureRecord(
            context.Request.QueryString.Value ?? string.Empty,
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase));
        Captures.Enqueue(record);
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var clientClosed = ReadUntilCloseAsync(socket, record, echo: FinalStatistics is null);
        try
        {
            await socket.SendAsync(TestPcapng.Header(), WebSocketMessageType.Binary, true, CancellationToken.None);
            for (var i = 0; PacketsBeforeClose is null || i < PacketsBeforeClose; i++)
            {
                if (clientClosed.IsCompleted)
                {
                    break;
                }

                await socket.SendAsync(TestPcapng.Packet(i), WebSocketMessageType.Binary, true, CancellationToken.None);
                await Task.WhenAny(clientClosed, Task.Delay(i + 1 == PacketsBeforeSilence ? Timeout.InfiniteTimeSpan : PacketInterval));
            }

            if (FinalStatistics is not null)
            {
                var isb = new System.Buffers.ArrayBufferWriter<byte>();
                Packetflix.Core.Pcapng.PcapngBlockWriter.WriteInterfaceStatistics(isb, 0, 1_800_000_000_000_000_000UL, FinalStatistics);
                await socket.SendAsync(isb.WrittenMemory, WebSocketMessageType.Binary, true, CancellationToken.None);
            }

            if (!clientClosed.IsCompleted)
            {
                await socket.CloseOutputAsync(CloseStatus, CloseReason, CancellationToken.None);
            }
            else if (FinalStatistics is not null)
            {
                await clientClosed;
                await socket.CloseOutputAsync(record.ClientCloseStatus ?? WebSocketCloseStatus.NormalClosure, string.Empty, CancellationToken.None);
            }

            await clientClosed.WaitAsync(TimeSpan.FromSeconds(15));
        }
        catch (Exception ex) when (ex is WebSocketException or TimeoutException or OperationCanceledException)
        {
            record.Error = ex.Message;
        }
        finally
        {
            _finished.TrySetResult(record);
        }
    }

    private static async Task ReadUntilCloseAsync(WebSocket socket, CaptureRecord record, bool echo)
    {
        var buffer = new byte[1024];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    record.ClientCloseStatus = result.CloseStatus;
                    record.ClientCloseReason = result.CloseStatusDescription;
                    if (echo && socket.State == WebSocketState.CloseReceived)
                    {
                        // Like gorilla: echo the code with an empty reason.
                        await socket.CloseOutputAsync(result.CloseStatus ?? WebSocketCloseStatus.NormalClosure, string.Empty,
                            CancellationToken.None);
                    }

                    return;
                }
            }
        }
        catch (WebSocketException ex)
        {
            record.Error = ex.Message;
        }
    }
}
