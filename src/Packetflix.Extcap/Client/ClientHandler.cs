using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Packetflix.Core.Net;

namespace Packetflix.Extcap.Client;

/// <summary>
/// The one HTTP handler both discovery and the capture WebSocket go through: proxies, TLS checks, a client certificate,
/// and for <c>unix:/PATH</c> hosts a connection to the unix socket instead of TCP.
/// </summary>
internal static class ClientHandler
{
    public static SocketsHttpHandler Create(HostUrl host, Uri target, ConnectionOptions options, ServerCertificateCheck check,
        TimeSpan connectTimeout)
    {
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = connectTimeout,
            UseProxy = !options.ProxyOff && host.UnixSocketPath is null,
            Proxy = host.UnixSocketPath is null ? options.CreateProxy(target) : null,
        };
        if (host.UnixSocketPath is { } path)
        {
            handler.ConnectCallback = (_, cancellationToken) => UnixSocketConnector.ConnectAsync(path, cancellationToken);
        }

        var ssl = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = check.Callback };
        if (options.ClientCertFile is { } certFile)
        {
            ssl.ClientCertificates = [LoadClientCertificate(certFile, options.ClientKeyFile ?? certFile)];
        }

        handler.SslOptions = ssl;
        return handler;
    }

    private static X509Certificate2 LoadClientCertificate(string certFile, string keyFile)
    {
        try
        {
            return X509Certificate2.CreateFromPemFile(certFile, keyFile);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            throw new ClientException($"cannot load the client certificate \"{certFile}\" with key \"{keyFile}\": {ex.Message}", ex);
        }
    }
}
