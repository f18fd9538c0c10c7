using System.Globalization;
using System.Text;

namespace Packetflix.Server.Hosting;

/// <summary>Upstream's <c>--log-requests</c> line (combined-log-like), and with <c>--log-headers</c> the request
/// headers too (upstream's flag switched the logger on but printed no headers).</summary>
internal sealed class RequestLogging
{
    private readonly RequestDelegate _next;
    private readonly ILogger<RequestLogging> _logger;
    private readonly bool _headers;

    public RequestLogging(RequestDelegate next, ILogger<RequestLogging> logger, bool headers)
    {
        _next = next;
        _logger = logger;
        _headers = headers;
    }

    public Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var remote = context.Connection.RemoteIpAddress;
        var remoteText = remote is null ? "-" : remote.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6
            ? $"[{remote}]" : remote.ToString();
        var line = new StringBuilder();
        line.Append(CultureInfo.InvariantCulture,
            $"{remoteText} - - [{DateTimeOffset.Now.ToString("dd/MMM/yyyy:HH:mm:ss zzz", CultureInfo.InvariantCulture)}] ");
        line.Append(CultureInfo.InvariantCulture,
            $"\"{request.Method} {request.Path}{request.QueryString} {request.Protocol}\" -1 -1 \"{request.Headers.Referer}\" \"{request.Headers.UserAgent}\"");
        if (_headers)
        {
            foreach (var (name, value) in request.Headers)
            {
                line.Append(CultureInfo.InvariantCulture, $"\n    {name}: {value}");
            }
        }

        ServerLog.Request(_logger, line.ToString());
        return _next(context);
    }
}
