using System.Net.WebSockets;
using Microsoft.AspNetCore.Http.Features;
using Packetflix.Server.Cli;
using Packetflix.Server.Hosting;
using Packetflix.Server.Hosting.Telemetry;

namespace Packetflix.Server.CaptureApi;

/// <summary>
/// <c>GET /capture</c>: upgrade first, then validate (as upstream), resolve and lock the target, capture, and
/// stream. Every failure after the upgrade is a close frame with a reason; nothing leaks when a client vanishes.
/// </summary>
internal sealed partial class CaptureEndpoint
{
    /// <summary>RFC 6455 §7.4.1 "internal error". Upstream sends 1006, which §7.4.1 forbids on the wire and which
    /// makes clients throw the reason away; 1011 lets them show it.</summary>
    public const WebSocketCloseStatus ErrorStatus = WebSocketCloseStatus.InternalServerError;

    /// <summary>How long we wait for the client's close frame after sending ours (upstream's ClosingDeadline).</summary>
    private static readonly TimeSpan ClosingDeadline = TimeSpan.FromSeconds(10);

    private readonly CaptureStarter _starter;
    private readonly TimeProvider _time;
    private readonly ILogger<CaptureEndpoint> _logger;
    private readonly CancellationToken _stopping;
    private readonly int _maxClientMessageBytes;

    public CaptureEndpoint(CaptureStarter starter, TimeProvider time, ILogger<CaptureEndpoint> logger, IHostApplicationLifetime lifetime,
        ServerOptions options)
    {
        _maxClientMessageBytes = options.MaxClientMessageBytes;
        _starter = starter;
        _time = time;
        _logger = logger;
        _stopping = lifetime.ApplicationStopping;
    }

    /// <summary>A WebSocket upgrade of <c>/capture</c>: the requests whose upgraded stream <see cref="ClientFrameGuard"/>
    /// and <see cref="FrameSender"/> wrap.</summary>
    public static bool IsUpgrade(HttpContext context) =>
        context.Request.Path == "/capture" && context.Features.Get<IHttpUpgradeFeature>() is { IsUpgradableRequest: true };

    public async Task HandleAsync(HttpContext context)
    {
        if (WebSocketHandshake.Validate(context.Request) is { } status)
        {
            ServerLog.HandshakeRejected(_logger, status, context.Connection.RemoteIpAddress?.ToString() ?? "?");
            await WebSocketHandshake.WriteRejectionAsync(context, status);
            return;
        }

        var id = PetName.Next();
        // Every line of this session, on every thread it starts, carries its id (--log-format json).
        using var scope = SessionLogScope.Begin(_logger, id);
        var parameters = CaptureParameters.From(context.Request);
        CaptureAdmission admission;
        try
        {
            using var admitting = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
            admission = await _starter.AdmitAsync(id, parameters, admitting.Token);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || _stopping.IsCancellationRequested)
        {
            // The client left (or we are shutting down) while the target was looked up: nothing was opened.
            return;
        }

        // A limit or access decision is answered before the upgrade, so a client sees a plain HTTP status and
        // text (docs/api.md, "Limits"); errors of the request itself keep upstream's close frame after it.
        if (admission is { Admitted: false, Refused: true })
        {
            CaptureRefusalLog.Refused(_logger, id, CaptureErrorStatus.For(admission.ErrorKind).HttpStatus, admission.Error);
            // Opens nothing for a refusal; it is how every capture that does not start gets counted in
            // packetflix_capture_errors_total (CaptureLease.Failed), as /capture.pcapng's refusals are.
            await (await _starter.OpenAsync(id, admission)).DisposeAsync();
            await WriteRefusalAsync(context, CaptureErrorStatus.For(admission.ErrorKind).HttpStatus, admission.Error);
            return;
        }

        using var ws = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            DangerousEnableCompression = false,
            // Upstream sends no pings; an idle capture stays open.
            KeepAliveInterval = TimeSpan.Zero,
        });
        ServerLog.Connected(_logger, id, context.Connection.RemoteIpAddress?.ToString() ?? "?", context.Request.QueryString.Value ?? "");
        // Installed for every /capture upgrade (ServerApp), before the WebSocket middleware took the upgrade.
        var frames = context.Features.Get<FrameSender>() ?? throw new InvalidOperationException("FrameSender was not installed.");
        var receive = ReceiveUntilCloseAsync(ws, _maxClientMessageBytes, context.Features.Get<ClientFrameGuard>()?.TooBig);
        try
        {
            await RunAsync(id, ws, frames, admission, receive);
        }
        finally
        {
            if (ws.State is not WebSocketState.Closed)
            {
                ws.Abort();
            }

            await receive;
            ServerLog.Disconnected(_logger, id);
        }
    }

    private async Task RunAsync(string id, WebSocket ws, FrameSender frames, CaptureAdmission admission, Task<ReceiveOutcome> receive)
    {
        CaptureLease lease;
        var starting = _starter.OpenAsync(id, admission);
        if (await Task.WhenAny(starting, receive) == receive)
        {
            // The client left (or closed) while the capture was being opened.
            await ReceiveEndedAsync(id, ws, await receive);
            await DisposeWhenDoneAsync(starting);
            return;
        }

        lease = await starting;
        await using (lease)
        {
            if (!lease.Started)
            {
                await CloseAsync(id, ws, receive, CaptureErrorStatus.For(lease.ErrorKind).CloseStatus, lease.Error);
                return;
            }

            using var tracked = PacketflixMetrics.TrackSession(ClientKind.WebSocket);
            await StreamAsync(id, ws, frames, lease.Session, receive);
        }
    }

    private static Task WriteRefusalAsync(HttpContext context, int status, string reason)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        return context.Response.WriteAsync(reason + "\n", context.RequestAborted);
    }

    private static async Task DisposeWhenDoneAsync(Task<CaptureLease> starting)
    {
        try
        {
            await using var lease = await starting;
        }
        catch (OperationCanceledException)
        {
            // Cancelled while refreshing the target: nothing was opened.
        }
    }
}
