using Packetflix.Server.Cli;

namespace Packetflix.Server.Tls;

/// <summary>The start-up rules for the TLS options (docs/security.md, "TLS"): what the service refuses to start with.</summary>
internal static class TlsPolicy
{
    /// <summary>Null when the TLS options are usable, else the one-line reason to refuse the start (exit 2). Makes the
    /// self-signed certificate if it does not exist yet, so a state directory that cannot be written stops the start.</summary>
    public static string? Validate(ServerOptions options, TimeProvider time)
    {
        var (files, error) = CertificateFiles(options, time);
        if (error is not null)
        {
            return error;
        }

        if (files is { } pair && PemCertificate.Load(pair.CertFile, pair.KeyFile).Error is { } loadError)
        {
            return loadError;
        }

        if (options.TlsClientScopes is { } scopes)
        {
            if (options.TlsClientCa is null)
            {
                return "--tls-client-scopes needs --tls-client-ca FILE (the client certificates it scopes)";
            }

            if (Auth.CertificateScopes.Load(scopes).Error is { } scopesError)
            {
                return scopesError;
            }
        }

        if (options.TlsClientCa is { } ca)
        {
            if (files is null)
            {
                return "--tls-client-ca needs TLS: --tls-cert FILE --tls-key FILE or --tls-self-signed";
            }

            if (ClientCertificateValidator.Open(ca, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).Error is { } caError)
            {
                return caError;
            }
        }

        return null;
    }

    /// <summary>The certificate and key files to serve, null without TLS.</summary>
    public static ((string CertFile, string KeyFile)? Files, string? Error) CertificateFiles(ServerOptions options, TimeProvider time)
    {
        if (options.TlsSelfSigned)
        {
            if (options.TlsCert is not null || options.TlsKey is not null)
            {
                return (null, "--tls-self-signed and --tls-cert/--tls-key exclude each other");
            }

            var (certFile, keyFile, _, error) = SelfSignedCertificate.Ensure(options.StateDir, options.Listen, time);
            return error is null ? ((certFile, keyFile), null) : (null, error);
        }

        return (options.TlsCert, options.TlsKey) switch
        {
            (null, null) => (null, null),
            ({ } cert, { } key) => ((cert, key), null),
            (null, _) => (null, "--tls-key needs --tls-cert FILE"),
            _ => (null, "--tls-cert needs --tls-key FILE"),
        };
    }
}
