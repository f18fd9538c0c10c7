using System.Buffers;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Connections;
using Packetflix.Capture;
using Packetflix.Core.Pcapng;
using Packetflix.Core.Targets;
using Packetflix.Server.Hosting.Telemetry;

namespace Packetflix.Server.CaptureApi;

/// <summary>
/// <c>GET /capture.pcapng</c>: the parameters of <c>/capture</c> plus <c>duration</c> and <c>count</c>, answered
/// with a pcapng file streamed as the packets arrive. The file ends when a limit is reached, the capture ends,
/// or the client stops the download; we only ever stop between blocks, so what the client has is a valid file.
/// Errors before the first byte are HTTP errors whose body is the upstream reason text.
/// </summary>
internal sealed class CaptureDownloadEndpoint
{
    /// <summary>The pcapng media type registered by the IETF opsawg draft (draft-ietf-opsawg-pcapng §11).</summary>
    public const string ContentType = "application/x-pcapng";

    private readonly CaptureStarter _starter;
    private readonly TimeProvider _time;
    private readonly ILogger<CaptureDownloadEndpoint> _logger;
    private readonly CancellationToken _stopping;

    public CaptureDownloadEndpoint(CaptureStarter starter, TimeProvider time, ILogger<CaptureDownloadEndpoint> logger,
        IHostApplicationLifetime lifetime)
    {
        _starter = starter;
        _time = time;
        _logger = logger;
        _stopping = lifetime.ApplicationStopping;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var id = PetName.Next();
        // Every line of this session, on every thread it starts, carries its id (--log-format json).
        using var scope = SessionLogScope.Begin(_logger, id);
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            context.Response.Headers.Allow = "GET";
            await RefuseAsync(context, id, StatusCodes.Status405MethodNotAllowed, "method not allowed");
            return;
        }

        if (!CaptureDownloadLimits.TryParse(context.Request.Query, out var limits, out var limitError))
        {
            await RefuseAsync(context, id, StatusCodes.Status400BadRequest, limitError);
            return;
        }

        var parameters = CaptureParameters.From(context.Request);
        CaptureDownloadLog.Started(_logger, id, context.Connection.RemoteIpAddress?.ToString() ?? "?", context.Request.QueryString.Value ?? "");
        using var starting = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, _stopping);
        CaptureLease lease;
        try
        {
            lease = await _starter.StartAsync(id, parameters, starting.Token);
        }
        catch (OperationCanceledException) when (starting.IsCancellationRequested)
        {
            // The client left (or we are shutting down) while the target was looked up: nothing was opened.
            return;
        }

        await using (lease)
        {
            if (!lease.Started)
            {
                await RefuseAsync(context, id, CaptureErrorStatus.For(lease.ErrorKind).HttpStatus, lease.Error);
                return;
            }

            using var tracked = PacketflixMetrics.TrackSession(ClientKind.Download);
            await StreamAsync(context, id, FileName(parameters), lease.Session, limits);
        }
    }

    /// <summary><c>&lt;name&gt;-&lt;UTC time&gt;.pcapng</c>, the name reduced to characters that are safe in a
    /// header and in every file system.</summary>
    private string FileName(CaptureParameters parameters)
    {
        var name = parameters.Container is { } json && CaptureTargetJson.TryParse(json, out var target, out _)
            ? target.Name
            : parameters.Netns is { } netns ? "netns-" + netns : "";
        var safe = new StringBuilder();
        foreach (var c in name)
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        }

        var stem = safe.ToString().Trim('.');
        stem = stem.Length == 0 ? "capture" : stem[..Math.Min(stem.Length, 64)];
        return $"{stem}-{_time.GetUtcNow().ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}.pcapng";
    }

    private async Task StreamAsync(HttpContext context, string id, string fileName, CaptureSession session, CaptureDownloadLimits limits)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        response.Headers.CacheControl = "no-store";
        response.Headers.XContentTypeOptions = "nosniff";

        var aborted = context.RequestAborted;
        var remaining = limits.Count ?? long.MaxValue;
        long packets = 0;
        long bytes = 0;
        var outcome = "capture ended";
        await using var stopOnShutdown = _stopping.Register(() => session.Stop());
        // A stop completes the stream after the blocks already written; the final statistics blocks follow them.
        using var durationTimer = limits.Duration is { } duration
            ? _time.CreateTimer(_ => session.Stop(), null, duration, Timeout.InfiniteTimeSpan)
            : null;
        try
        {
            // Send the headers now: the browser shows the download as soon as it starts, not at the first packet.
            await response.StartAsync(aborted);
            while (true)
            {
                var result = await session.Output.ReadAsync(aborted);
                var buffer = result.Buffer;
                var (length, epbs, limitReached) = WholeBlocks(buffer, remaining);
                remaining -= epbs;
                packets += epbs;
                if (length > 0)
                {
                    foreach (var segment in buffer.Slice(0, length))
                    {
                        response.BodyWriter.Write(segment.Span);
                    }

                    bytes += length;
                    var flush = await response.BodyWriter.FlushAsync(aborted);
                    if (flush.IsCanceled || flush.IsCompleted)
                    {
                        outcome = "client gone";
                        break;
                    }

                    DeliveredBlocks.Record(session, buffer.Slice(0, length));
                }

                session.Output.AdvanceTo(buffer.GetPosition(length), buffer.End);
                if (limitReached)
                {
                    outcome = "count reached";
                    break;
                }

                if (result.IsCompleted)
                {
                    var end = await session.Completion;
                    outcome = limits.Duration is not null && end.Kind is CaptureEndKind.Stopped ? "duration reached or stopped" : end.Reason;
                    // Everything before them was handed over, so their isb_usrdeliv is the packets in the file.
                    session.WriteFinalStatistics(response.BodyWriter);
                    await response.BodyWriter.FlushAsync(aborted);
                    break;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ConnectionResetException or ConnectionAbortedException)
        {
            outcome = "client gone";
        }

        CaptureDownloadLog.Ended(_logger, id, outcome, packets, bytes);
    }

    /// <summary>The length of the whole blocks at the start of <paramref name="buffer"/>, stopping right after the
    /// packet that uses up <paramref name="remaining"/>. Packetflix writes little-endian sections only (api.md).</summary>
    internal static (long Length, long Packets, bool LimitReached) WholeBlocks(ReadOnlySequence<byte> buffer, long remaining)
    {
        long packets = 0;
        var walker = PipeBlocks.Walk(buffer);
        while (walker.ReadNext(out var block) == PcapngWalkStatus.Block)
        {
            if (block.Type == PcapngBlockTypes.EnhancedPacket)
            {
                packets++;
                if (packets >= remaining)
                {
                    return (walker.Consumed, packets, true);
                }
            }
        }

        return (walker.Consumed, packets, false);
    }

    private async Task RefuseAsync(HttpContext context, string id, int status, string reason)
    {
        CaptureDownloadLog.Refused(_logger, id, status, reason);
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        await context.Response.WriteAsync(reason + "\n", context.RequestAborted);
    }
}
