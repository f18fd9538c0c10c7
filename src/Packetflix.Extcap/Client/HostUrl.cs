namespace Packetflix.Extcap.Client;

/// <summary>
/// The base URL of a Packetflix service, normalised like csharg's <c>NewSharkTankOnHost</c> (docs/protocol.md §12): <c>http://</c> is
/// added when no scheme is given, a base path is kept, and user info, query or fragment are refused.
/// </summary>
internal sealed class HostUrl
{
    private HostUrl(Uri baseUri, string? unixSocketPath = null)
    {
        BaseUri = baseUri;
        UnixSocketPath = unixSocketPath;
    }

    /// <summary>The <c>--host</c> prefix for a service's unix socket listener (<c>unix:/run/packetflix/packetflix.sock</c>).</summary>
    public const string UnixPrefix = "unix:";

    /// <summary>For <c>unix:/PATH</c>: the socket; requests then go to <c>http://localhost/</c> over it.</summary>
    public string? UnixSocketPath { get; }

    /// <summary>The normalised base, always ending in <c>/</c>.</summary>
    public Uri BaseUri { get; }

    /// <summary>The host name without port or IPv6 brackets: csharg's node name for discovered targets.</summary>
    public string NodeName => BaseUri.IdnHost.Trim('[', ']');

    /// <summary>Whether the service is on this machine (loopback address or <c>localhost</c>).</summary>
    public bool IsLoopback => BaseUri.IsLoopback;

    public Uri DiscoveryUri => new(BaseUri, "discover/mobyshark");

    public static bool TryParse(string? text, out HostUrl? url, out string error)
    {
        url = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "missing service URL";
            return false;
        }

        text = text.Trim();
        if (text.StartsWith(UnixPrefix, StringComparison.OrdinalIgnoreCase))
        {
            var socketPath = text[UnixPrefix.Length..];
            if (!socketPath.StartsWith('/') || socketPath.Length < 2)
            {
                error = $"invalid service URL \"{text}\": a unix socket needs an absolute path (unix:/run/packetflix/packetflix.sock)";
                return false;
            }

            url = new HostUrl(new Uri("http://localhost/"), socketPath);
            error = string.Empty;
            return true;
        }

        if (!text.StartsWith("http:", StringComparison.OrdinalIgnoreCase)
            && !text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            text = "http://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Host.Length == 0
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            error = $"invalid service URL \"{text}\"";
            return false;
        }

        if (uri.UserInfo.Length > 0 || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            error = $"invalid service URL \"{text}\": only host name and optional port number allowed";
            return false;
        }

        var path = uri.AbsolutePath.EndsWith('/') ? uri.AbsolutePath : uri.AbsolutePath + "/";
        url = new HostUrl(new UriBuilder(uri.Scheme, uri.Host, uri.Port, path).Uri);
        error = string.Empty;
        return true;
    }

    public static HostUrl Parse(string text) =>
        TryParse(text, out var url, out var error) ? url! : throw new FormatException(error);

    /// <summary>The WebSocket capture URL: <c>ws</c> for http, <c>wss</c> for https (docs/protocol.md §12).</summary>
    public Uri CaptureUri(string query)
    {
        var builder = new UriBuilder(BaseUri)
        {
            Scheme = BaseUri.Scheme == Uri.UriSchemeHttps ? "wss" : "ws",
            Path = BaseUri.AbsolutePath + "capture",
            Query = query,
        };
        return builder.Uri;
    }

    public override string ToString() =>
        UnixSocketPath is { } path ? UnixPrefix + path : BaseUri.GetLeftPart(UriPartial.Path).TrimEnd('/');
}
