using System.Globalization;
using System.Text;
using Packetflix.Capture;
using Packetflix.Server.CaptureApi;

namespace Packetflix.Server.Auth;

/// <summary>
/// The audit log of capture sessions (docs/security.md): one line per <c>/capture</c> or <c>/capture.pcapng</c>
/// request, written when the request ends. It is also the capture pipeline's <see cref="ICaptureGate"/>: the
/// pipeline tells it the resolved target and the running session; the request it belongs to is found through
/// <see cref="IHttpContextAccessor"/>, so the endpoints need not pass the caller along.
/// </summary>
internal sealed class CaptureAudit : ICaptureGate
{
    private readonly IHttpContextAccessor _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SessionLimiter _sessions;
    private readonly TargetAuthorizer _authorizer;

    public CaptureAudit(IHttpContextAccessor http, TimeProvider time, ILoggerFactory loggers, SessionLimiter sessions, TargetAuthorizer authorizer)
    {
        _http = http;
        _sessions = sessions;
        _authorizer = authorizer;
        _time = time;
        _logger = loggers.CreateLogger(AuditLog.Category);
    }

    public async Task RunAsync(HttpContext context, Caller caller, RequestDelegate next)
    {
        var record = new CaptureAuditRecord(caller, _time.GetUtcNow(), CountingFeatures.Install(context));
        context.Features.Set(record);
        if (_sessions.TryAcquire(caller.Name) is { } refusal)
        {
            record.Refusal = refusal.Reason;
            var response = context.Response;
            response.StatusCode = refusal.HttpStatus;
            response.Headers.RetryAfter = "5";
            response.ContentType = "text/plain; charset=utf-8";
            response.Headers.XContentTypeOptions = "nosniff";
            await response.WriteAsync(refusal.Reason + "\n", context.RequestAborted);
            Write(context, record);
            return;
        }

        try
        {
            await next(context);
        }
        finally
        {
            _sessions.Release(caller.Name);
            Write(context, record);
        }
    }

    public async ValueTask<CaptureRefusal?> AdmitAsync(string session, ResolvedCapture capture, CancellationToken cancellationToken)
    {
        var record = _http.HttpContext?.Features.Get<CaptureAuditRecord>();
        if (record is null)
        {
            return null;
        }

        record.Session = session;
        record.Captures.Add(capture);
        if (record.Caller.Scope is not { } scope)
        {
            return null;
        }

        var refusal = await _authorizer.CheckAsync(scope, capture.Target, cancellationToken);
        if (refusal is not null)
        {
            record.Refusal = refusal.Reason;
            AuditLog.Refused(_logger, session, Clean(record.Caller.Name), refusal.Reason);
        }

        return refusal;
    }

    public Func<ResolvedCapture, CancellationToken, ValueTask<bool>> RejoinCheck(string session)
    {
        var caller = _http.HttpContext?.Features.Get<CaptureAuditRecord>()?.Caller;
        if (caller?.Scope is not { } scope)
        {
            return static (_, _) => ValueTask.FromResult(true);
        }

        // A name in a client's request may now belong to a container outside the scope (the request gave another
        // container's netns with it, or the name was taken over): the new netns is checked like a new request's.
        var who = Clean(caller.Name);
        return async (capture, cancellationToken) =>
        {
            if (await _authorizer.CheckAsync(scope, capture.Target, cancellationToken) is not { } refusal)
            {
                return true;
            }

            AuditLog.RejoinRefused(_logger, session, who, capture.Target.Netns, refusal.Reason);
            return false;
        };
    }

    public void Started(string session, CaptureSession capture)
    {
        if (_http.HttpContext?.Features.Get<CaptureAuditRecord>() is { } record)
        {
            record.Running = capture;
        }
    }

    private void Write(HttpContext context, CaptureAuditRecord record)
    {
        var caller = record.Caller;
        if (record.Running is not { } session)
        {
            var outcome = record.Refusal is { } refusal ? "refused: " + refusal
                : context.Response.StatusCode is var status and not (StatusCodes.Status200OK or StatusCodes.Status101SwitchingProtocols)
                    ? $"HTTP {status}"
                    : "target not opened";
            AuditLog.NotStarted(_logger, Clean(caller.Name), caller.Remote, outcome, Clean(context.Request.QueryString.Value ?? ""));
            return;
        }

        var capture = record.Captures[0];
        long packets = 0, kernelDrops = 0, bufferDrops = 0;
        foreach (var counters in session.Statistics())
        {
            packets += counters.Delivered;
            kernelDrops += counters.KernelDropped;
            bufferDrops += counters.DroppedByUs;
        }

        var targetText = string.Join(", ", record.Captures.Select(c => Describe(c.Target)));
        var reason = session.Completion.IsCompletedSuccessfully ? session.Completion.Result.Reason : "request ended";
        if (context.RequestAborted.IsCancellationRequested)
        {
            reason += " (client gone)";
        }

        AuditLog.Session(_logger, record.Session ?? "?", Clean(caller.Name), caller.Remote, Clean(targetText),
            Clean(string.Join("/", session.InterfaceNames)), Clean(capture.Filter ?? ""), Time(record.Start), Time(_time.GetUtcNow()),
            packets, record.Bytes.Bytes, kernelDrops, bufferDrops, Clean(reason));
    }

    private static string Describe(Core.Targets.CaptureTarget target)
    {
        var name = string.IsNullOrEmpty(target.Name) ? "" : string.IsNullOrEmpty(target.Prefix) ? target.Name : $"{target.Prefix}:{target.Name}";
        return string.Create(CultureInfo.InvariantCulture,
            $"{(name.Length == 0 ? "netns" : $"{target.Type} {name}")} (netns {target.Netns}{(target.Pid > 0 ? $", pid {target.Pid}" : "")})");
    }

    private static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Client-chosen text (names, filters) cannot forge a second log line: control characters are escaped.</summary>
    internal static string Clean(string text)
    {
        if (!text.Any(char.IsControl))
        {
            return text;
        }

        var clean = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            clean.Append(char.IsControl(c) ? $"\\x{(int)c:x2}" : c);
        }

        return clean.ToString();
    }
}
