using System.Net;

namespace Packetflix.Extcap.Client;

/// <summary>How to reach the service: auth token, TLS verification and proxies (docs/protocol.md §15).</summary>
internal sealed record ConnectionOptions
{
    /// <summary>Bearer token sent as <c>Authorization: Bearer …</c>, or null.</summary>
    public string? Token { get; init; }

    /// <summary>Skip TLS certificate verification (for a TLS-terminating proxy with a self-signed certificate).</summary>
    public bool Insecure { get; init; }

    /// <summary><c>--ca-file</c>: PEM CA certificates the server's certificate must chain to (instead of the system's).</summary>
    public string? CaFile { get; init; }

    /// <summary><c>--tls-fingerprint</c>: accept exactly the server certificate with this SHA-256, whoever issued it.</summary>
    public CertificatePin? Pin { get; init; }

    /// <summary><c>--tls-client-cert</c>: PEM client certificate for a service that requires one (mTLS).</summary>
    public string? ClientCertFile { get; init; }

    /// <summary><c>--tls-client-key</c>: its PEM private key (default: the certificate file, if it holds both).</summary>
    public string? ClientKeyFile { get; init; }

    /// <summary>Use no proxy at all (csharg's <c>--proxyoff</c>).</summary>
    public bool ProxyOff { get; init; }

    public string? HttpProxy { get; init; }

    public string? HttpsProxy { get; init; }

    public string? NoProxy { get; init; }

    /// <summary>The proxy to use: none, the explicit one, or the environment's (<c>http_proxy</c> and friends).</summary>
    public IWebProxy? CreateProxy(Uri target)
    {
        if (ProxyOff)
        {
            return null;
        }

        var secure = target.Scheme is "https" or "wss";
        var explicitProxy = secure ? HttpsProxy : HttpProxy;
        if (string.IsNullOrEmpty(explicitProxy))
        {
            return HttpClient.DefaultProxy;
        }

        var bypass = (NoProxy ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new WebProxy(explicitProxy, true, [.. bypass.Select(b => System.Text.RegularExpressions.Regex.Escape(b))]);
    }

    /// <summary>The pin from <c>--tls-fingerprint</c>, or null when none was given.</summary>
    public static CertificatePin? ParsePin(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return CertificatePin.TryParse(text, out var pin, out var error) ? pin : throw new ClientException(error);
    }

    /// <summary>Empty strings (an untouched Wireshark dialog field) count as not given.</summary>
    public static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Reads the token from <paramref name="tokenFile"/> when no token was given directly.</summary>
    public static string? ResolveToken(string? token, string? tokenFile)
    {
        if (!string.IsNullOrEmpty(token))
        {
            return token.Trim();
        }

        if (string.IsNullOrEmpty(tokenFile))
        {
            return null;
        }

        try
        {
            return File.ReadAllText(tokenFile).Trim();
        }
        catch (IOException ex)
        {
            throw new ClientException($"cannot read token file \"{tokenFile}\": {ex.Message}");
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new ClientException($"cannot read token file \"{tokenFile}\": {ex.Message}");
        }
    }
}
