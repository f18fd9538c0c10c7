using System.Net.Security;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Packetflix.Server.Cli;

namespace Packetflix.Server.Tls;

/// <summary>
/// TLS for the TCP listeners (docs/security.md, "TLS"): the certificate from <c>--tls-cert/--tls-key</c> or
/// <c>--tls-self-signed</c>, reloaded when its files change, and with <c>--tls-client-ca</c> a required, validated
/// client certificate. Unix socket listeners stay plain: the socket's mode and group decide who connects.
/// </summary>
internal sealed class TlsServer
{
    /// <summary>TLS 1.2 and 1.3 only; older versions are broken (RFC 8996).</summary>
    private const System.Security.Authentication.SslProtocols Protocols =
        System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13;

    private readonly ReloadingCertificate? _certificate;
    private readonly ClientCertificateValidator? _clients;
    private readonly bool _selfSigned;
    private readonly ILogger _logger;

    public TlsServer(ServerOptions options, TimeProvider time, ILoggerFactory loggers)
    {
        _logger = loggers.CreateLogger("Packetflix.Tls");
        var (files, error) = TlsPolicy.CertificateFiles(options, time);
        if (error is not null)
        {
            throw new InvalidOperationException(error);
        }

        if (files is not { } pair)
        {
            return;
        }

        _selfSigned = options.TlsSelfSigned;
        (_certificate, error) = ReloadingCertificate.Open(pair.CertFile, pair.KeyFile, _logger);
        if (_certificate is null)
        {
            throw new InvalidOperationException(error);
        }

        if (options.TlsClientCa is { } ca)
        {
            (_clients, error) = ClientCertificateValidator.Open(ca, _logger);
            if (_clients is null)
            {
                throw new InvalidOperationException(error);
            }
        }
    }

    public bool Enabled => _certificate is not null;

    /// <summary>The SHA-256 fingerprint of the certificate served now (null without TLS).</summary>
    public string? Fingerprint => _certificate?.Current.Fingerprint;

    /// <summary>Makes a TCP listener HTTPS; does nothing without TLS.</summary>
    public void Apply(ListenOptions listen)
    {
        if (_certificate is null)
        {
            return;
        }

        listen.UseHttps(new TlsHandshakeCallbackOptions
        {
            OnConnection = context => ValueTask.FromResult(OptionsFor(context)),
            HandshakeTimeout = TimeSpan.FromSeconds(10),
        });
    }

    /// <summary>A fresh options object per handshake (SslStream keeps a reference), around the cached certificate context.</summary>
    private SslServerAuthenticationOptions OptionsFor(TlsHandshakeCallbackContext context)
    {
        var options = new SslServerAuthenticationOptions
        {
            ServerCertificateContext = _certificate!.Current.Context,
            EnabledSslProtocols = Protocols,
            ApplicationProtocols = [SslApplicationProtocol.Http11],
            CertificateRevocationCheckMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
        };
        if (_clients is { } clients)
        {
            var remote = context.Connection.RemoteEndPoint?.ToString() ?? "?";
            options.ClientCertificateRequired = true;
            options.RemoteCertificateValidationCallback = (_, certificate, _, _) => clients.Validate(certificate, remote);
        }

        return options;
    }

    /// <summary>The start-up lines: which certificate, its fingerprint, and whether client certificates are required.</summary>
    public void LogStarted()
    {
        if (_certificate is null)
        {
            return;
        }

        var current = _certificate.Current;
        TlsLog.Serving(_logger, current.Leaf.Subject, _selfSigned ? "self-signed" : _certificate.CertFile, current.Fingerprint);
        if (_selfSigned)
        {
            TlsLog.SelfSigned(_logger, _certificate.CertFile, current.Fingerprint);
        }

        if (_clients is not null)
        {
            TlsLog.ClientCertificatesRequired(_logger, _clients.CaFile);
        }
    }
}
