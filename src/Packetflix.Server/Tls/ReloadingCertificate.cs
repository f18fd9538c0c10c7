namespace Packetflix.Server.Tls;

/// <summary>
/// The server certificate, reloaded when its files change. Each handshake compares the two files' size and mtime
/// (two stat calls), so a renewed certificate is served from the next connection on, with no watcher that could miss
/// an event. A pair that cannot be loaded (for example the cert is replaced but the key not yet) keeps the previous
/// certificate in service and is tried again when the files change again: unlike a revoked token, an old but valid
/// certificate is no risk.
/// </summary>
internal sealed class ReloadingCertificate
{
    private readonly string _certFile;
    private readonly string _keyFile;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private (FileStamp Cert, FileStamp Key) _stamp;
    private PemCertificate _current;

    private ReloadingCertificate(string certFile, string keyFile, PemCertificate current, (FileStamp, FileStamp) stamp, ILogger logger)
    {
        _certFile = certFile;
        _keyFile = keyFile;
        _current = current;
        _stamp = stamp;
        _logger = logger;
    }

    public string CertFile => _certFile;

    public static (ReloadingCertificate? Certificate, string? Error) Open(string certFile, string keyFile, ILogger logger)
    {
        var stamp = (FileStamp.Of(certFile), FileStamp.Of(keyFile));
        var (certificate, error) = PemCertificate.Load(certFile, keyFile);
        return certificate is null ? (null, error) : (new ReloadingCertificate(certFile, keyFile, certificate, stamp, logger), null);
    }

    /// <summary>The certificate to present now, reloaded first when either file changed.</summary>
    public PemCertificate Current
    {
        get
        {
            var stamp = (FileStamp.Of(_certFile), FileStamp.Of(_keyFile));
            lock (_lock)
            {
                if (stamp == _stamp)
                {
                    return _current;
                }

                _stamp = stamp;
                var (certificate, error) = PemCertificate.Load(_certFile, _keyFile);
                if (certificate is null)
                {
                    TlsLog.ReloadFailed(_logger, _certFile, error!);
                    return _current;
                }

                _current = certificate;
                TlsLog.Reloaded(_logger, _certFile, certificate.Leaf.Subject, certificate.Fingerprint);
                return _current;
            }
        }
    }
}
