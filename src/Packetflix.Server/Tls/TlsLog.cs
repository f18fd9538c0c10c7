namespace Packetflix.Server.Tls;

/// <summary>TLS start-up, certificate reloads and refused client certificates (docs/security.md, "TLS").</summary>
/// <remarks>Event ids 700–799 (docs/architecture.md, "Logging").</remarks>
internal static partial class TlsLog
{
    [LoggerMessage(700, LogLevel.Information, "TLS on every TCP listener with certificate {Subject} ({Source}), fingerprint {Fingerprint}")]
    public static partial void Serving(ILogger logger, string subject, string source, string fingerprint);

    [LoggerMessage(701, LogLevel.Information,
        "self-signed certificate {Path}: clients pin it with --tls-fingerprint {Fingerprint}")]
    public static partial void SelfSigned(ILogger logger, string path, string fingerprint);

    [LoggerMessage(702, LogLevel.Information, "client certificates required, issued by the CA in {CaFile}")]
    public static partial void ClientCertificatesRequired(ILogger logger, string caFile);

    [LoggerMessage(710, LogLevel.Information, "TLS certificate reloaded from {CertFile}: {Subject}, fingerprint {Fingerprint}")]
    public static partial void Reloaded(ILogger logger, string certFile, string subject, string fingerprint);

    [LoggerMessage(711, LogLevel.Error, "TLS certificate {CertFile} changed but cannot be used ({Error}); still serving the previous one")]
    public static partial void ReloadFailed(ILogger logger, string certFile, string error);

    [LoggerMessage(720, LogLevel.Warning, "TLS client certificate refused from {Remote}: {Reason}")]
    public static partial void ClientCertificateRefused(ILogger logger, string remote, string reason);
}
