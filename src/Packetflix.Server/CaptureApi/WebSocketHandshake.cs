using Microsoft.Extensions.Primitives;

namespace Packetflix.Server.CaptureApi;

/// <summary>
/// Checks a WebSocket upgrade request in the order gorilla/websocket's Upgrader does, so failures get the same
/// HTTP statuses as upstream (docs/protocol.md §4). The Origin rule blocks cross-site WebSocket hijacking: a
/// web page on another host cannot open a capture with the browser's credentials.
/// </summary>
internal static class WebSocketHandshake
{
    /// <summary>Returns null when the request may be upgraded, else the status code to answer with.</summary>
    public static int? Validate(HttpRequest request)
    {
        if (!HasToken(request.Headers.Connection, "upgrade") || !HasToken(request.Headers.Upgrade, "websocket"))
        {
            return StatusCodes.Status400BadRequest;
        }

        if (!HttpMethods.IsGet(request.Method))
        {
            return StatusCodes.Status405MethodNotAllowed;
        }

        if (request.Headers.SecWebSocketVersion.ToString() != "13")
        {
            return StatusCodes.Status400BadRequest;
        }

        if (!OriginMatchesHost(request))
        {
            return StatusCodes.Status403Forbidden;
        }

        return IsValidKey(request.Headers.SecWebSocketKey.ToString()) ? null : StatusCodes.Status400BadRequest;
    }

    /// <summary>gorilla's checkSameOrigin: no Origin is fine (non-browser clients); otherwise the Origin's
    /// host[:port] must equal the Host header, ASCII case-insensitively.</summary>
    public static bool OriginMatchesHost(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return true;
        }

        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri))
        {
            return false;
        }

        var originHost = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}";
        if (uri.HostNameType == UriHostNameType.IPv6)
        {
            originHost = uri.IsDefaultPort ? $"[{uri.IdnHost}]" : $"[{uri.IdnHost}]:{uri.Port}";
        }

        var host = request.Headers.Host.ToString();
        return string.Equals(originHost, host, StringComparison.OrdinalIgnoreCase)
            || (uri.IsDefaultPort && string.Equals(uri.Authority, host, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>RFC 6455 §4.1: the key is a base64-encoded 16-byte nonce.</summary>
    private static bool IsValidKey(string key)
    {
        Span<byte> buffer = stackalloc byte[18];
        return key.Length == 24 && Convert.TryFromBase64String(key, buffer, out var written) && written == 16;
    }

    private static bool HasToken(StringValues values, string token)
    {
        foreach (var value in values)
        {
            foreach (var part in (value ?? "").Split(','))
            {
                if (part.Trim().Equals(token, StringComparison.OrdinalIgnoreCase))
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Writes the error the way Go's http.Error does: status text and a newline, plain text.</summary>
    public static Task WriteRejectionAsync(HttpContext context, int status)
    {
        context.Response.StatusCode = status;
        context.Response.Headers.SecWebSocketVersion = "13";
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.XContentTypeOptions = "nosniff";
        var body = System.Text.Encoding.ASCII.GetBytes(ReasonPhrase(status) + "\n");
        context.Response.ContentLength = body.Length;
        return context.Response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static string ReasonPhrase(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "Bad Request",
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status405MethodNotAllowed => "Method Not Allowed",
        _ => "Error",
    };
}
