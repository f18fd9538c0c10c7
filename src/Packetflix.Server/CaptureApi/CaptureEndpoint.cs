using System.Net.WebSockets;
using Packetflix.Capture;
using Packetflix.Core.Pcapng;
using Packetflix.Linux;
using Packetflix.Server.Cli;
using Packetflix.Server.Hosting;

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

    private readonly TargetResolver _resolver;
    private readonly NetnsLocator _locator;
    private readonly ServerOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<CaptureEndpoint> _logger;
    private readonly ILogger<CaptureSession> _captureLogger;
    private readonly CancellationToken _stopping;

    public CaptureEndpoint(TargetResolver resolver, NetnsLocator locator, ServerOptions options, TimeProvider time,
        ILoggerFactory loggers, IHostApplicationLifetime lifetime)
    {
        _resolver = resolver;
        _locator = locator;
        _options = options;
        _time = time;
        _logger = loggers.CreateLogger<CaptureEndpoint>();
        _captureLogger = loggers.CreateLogger<CaptureSession>();
        _stopping = lifetime.ApplicationStopping;
    }

    public async Task HandleAsync(HttpContext context)
    {
        if (WebSocketHandshake.Validate(context.Request) is { } status)
        {
            ServerLog.HandshakeRejected(_logger, status, context.Connection.RemoteIpAddress?.ToString() ?? "?");
            await WebSocketHandshake.WriteRejectionAsync(context, status);
            return;
        }

        var id = PetName.Next();
        var parameters = CaptureParameters.From(context.Request);
        using var ws = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
        {
            DangerousEnableCompression = false,
            // Upstream sends no pings; an idle capture stays open.
            KeepAliveInterval = TimeSpan.Zero,
        });
        ServerLog.Connected(_logger, id, context.Connection.RemoteIpAddress?.ToString() ?? "?", context.Request.QueryString.Value ?? "");
        var receive = ReceiveUntilCloseAsync(ws);
        try
        {
            await RunAsync(id, ws, parameters, receive);
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

    private async Task RunAsync(string id, WebSocket ws, CaptureParameters parameters, Task<ReceiveOutcome> receive)
    {
        ResolveResult resolved;
        using (var cts = CancellationTokenSource.CreateLinkedTokenSource(_stopping))
        {
            var resolving = _resolver.ResolveAsync(parameters, cts.Token);
            if (await Task.WhenAny(resolving, receive) == receive)
            {
                // The client left (or closed) while we were still looking the target up.
                await cts.CancelAsync();
                await EchoCloseAsync(ws, await receive);
                return;
            }

            resolved = await resolving;
        }

        if (!resolved.Succeeded)
        {
            await CloseAsync(id, ws, receive, ErrorStatus, resolved.Error);
            return;
        }

        var capture = resolved.Capture;
        var target = capture.Target;
        var open = NetnsHandle.Open((ulong)Math.Max(0, target.Netns), target.Pid, (ulong)Math.Max(0, target.StartTime), _locator);
        if (open.Status != NetnsOpenStatus.Opened)
        {
            var error = open.Status == NetnsOpenStatus.NotFound ? TargetResolver.ErrorNetnsNotFound : TargetResolver.ErrorCannotLock;
            await CloseAsync(id, ws, receive, ErrorStatus, error);
            return;
        }

        using var netns = open.Handle!;
        var options = new CaptureOptions
        {
            SnapLength = capture.SnapLength,
            Promiscuous = !capture.Chaste,
            Filter = capture.Filter,
            KernelBufferBytes = _options.BufferSizeMiB * 1024 * 1024,
            SectionComment = new CaptureTargetComment(target.Name, target.Type, target.NodeName ?? "")
            {
                ClusterUid = string.IsNullOrEmpty(target.Cluster?.Uid) ? null : target.Cluster.Uid,
                CaptureFilter = capture.Filter,
                NoPromiscuousMode = capture.Chaste,
            }.ToYaml(),
        };
        var description = string.IsNullOrEmpty(target.Name) ? null
            : string.IsNullOrEmpty(target.Prefix) ? target.Name : $"{target.Prefix}:{target.Name}";
        var start = await CaptureSession.StartAsync(id, [new CaptureSource(netns, capture.Interfaces, description)], options,
            _locator, _time, _captureLogger);
        if (!start.Started)
        {
            await CloseAsync(id, ws, receive, ErrorStatus, start.Error);
            return;
        }

        await using var session = start.Session;
        await StreamAsync(id, ws, session, receive);
    }
}
