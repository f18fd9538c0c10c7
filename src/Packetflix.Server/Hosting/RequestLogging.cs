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
            $"\"{request.Method} {request.Path}{Redact(request.QueryString.Value)} {request.Protocol}\" -1 -1 \"{request.Headers.Referer}\" \"{request.Headers.UserAgent}\"");
        if (_headers)
        {
            foreach (var (name, value) in request.Headers)
            {
                // Credentials never reach a log (docs/security.md).
                var shown = name.Equals("Authorization", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("Cookie", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)
                    ? "[redacted]" : value.ToString();
                line.Append(CultureInfo.InvariantCulture, $"\n    {name}: {shown}");
            }
        }

        ServerLog.Request(_logger, line.ToString());
        return _next(context);
    }

    /// <summary>The query with every <c>ticket=</c> value replaced (a capture ticket is a credential).</summary>
    internal static string Redact(string? query)
    {
        if (string.IsNullOrEmpty(query))
        {
            return "";
        }

        var parts = query.TrimStart('?').Split('&');
        for (var i = 0; i < parts.Length; i++)
        {
            var key = parts[i].Split('=', 2)[0];
            if (string.Equals(Uri.UnescapeDataString(key), "ticket", StringComparison.OrdinalIgnoreCase))
            {
                parts[i] = key + "=[redacted]";
            }
        }

        return "?" + string.Join('&', parts);
    }
}
