namespace Packetflix.Server.Ui;

/// <summary>
/// The <c>&lt;base href&gt;</c> of the UI page, so that every URL in it (<c>json</c>, <c>capture</c>,
/// <c>capture.pcapng</c>, <c>ui/app.js</c>) is relative to the service root, also behind a reverse proxy that
/// hosts us under a sub-path. <c>X-Forwarded-Prefix</c> (Traefik's StripPrefix, Spring, YARP) names the sub-path;
/// <c>X-Forwarded-Uri</c> (Traefik, nginx auth setups) is the original request URI, whose tail is our own path.
/// Without either, a relative base works for any proxy that keeps the path below the sub-path.
/// </summary>
internal static class ForwardedBase
{
    public static string For(HttpRequest request)
    {
        var path = request.Path.Value ?? "/";
        var prefix = request.Headers["X-Forwarded-Prefix"].ToString();
        if (prefix.Length > 0)
        {
            return IsSafePrefix(prefix) ? prefix.TrimEnd('/') + "/" : Relative(path);
        }

        var uri = request.Headers["X-Forwarded-Uri"].ToString();
        if (uri.Length > 0)
        {
            var question = uri.IndexOf('?', StringComparison.Ordinal);
            var original = question >= 0 ? uri[..question] : uri;
            if (original.EndsWith(path, StringComparison.Ordinal))
            {
                var derived = original[..^path.Length];
                if (derived.Length == 0 || IsSafePrefix(derived))
                {
                    return derived + "/";
                }
            }
        }

        return Relative(path);
    }

    /// <summary>From <c>/</c> the root is <c>./</c>, from <c>/ui/</c> it is <c>../</c>.</summary>
    private static string Relative(string path)
    {
        var depth = path.Count(c => c == '/') - 1;
        return depth <= 0 ? "./" : string.Concat(Enumerable.Repeat("../", depth));
    }

    /// <summary>An absolute path of plain characters: no scheme, no <c>//host</c>, nothing that could leave the
    /// attribute it is written into.</summary>
    internal static bool IsSafePrefix(string prefix)
    {
        if (prefix.Length > 256 || !prefix.StartsWith('/') || prefix.StartsWith("//", StringComparison.Ordinal)
            || prefix.Contains("/../", StringComparison.Ordinal) || prefix.EndsWith("/..", StringComparison.Ordinal))
        {
            return false;
        }

        return prefix.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '-' or '_' or '.' or '~' or '%' or '+' or '@' or ':');
    }
}
