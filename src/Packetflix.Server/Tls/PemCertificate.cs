using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Packetflix.Server.Tls;

/// <summary>A server certificate loaded from PEM files: the leaf with its key, and any intermediates in the cert file.</summary>
internal sealed class PemCertificate
{
    private PemCertificate(X509Certificate2 leaf, SslStreamCertificateContext context)
    {
        Leaf = leaf;
        Context = context;
        Fingerprint = CertificateFingerprint.Of(leaf);
    }

    public X509Certificate2 Leaf { get; }

    /// <summary>Built once per certificate, so a handshake does not build the chain again.</summary>
    public SslStreamCertificateContext Context { get; }

    public string Fingerprint { get; }

    /// <summary>Loads the pair; the error names the file and says what is wrong, never the key's content.</summary>
    public static (PemCertificate? Certificate, string? Error) Load(string certFile, string keyFile)
    {
        try
        {
            var leaf = X509Certificate2.CreateFromPemFile(certFile, keyFile);
            if (!leaf.HasPrivateKey)
            {
                return (null, $"{keyFile} holds no private key for {certFile}");
            }

            var all = new X509Certificate2Collection();
            all.ImportFromPemFile(certFile);
            var intermediates = new X509Certificate2Collection();
            foreach (var certificate in all.Skip(1))
            {
                intermediates.Add(certificate);
            }

            // offline: no AIA fetches or revocation downloads at start; the chain is what the file holds.
            var context = SslStreamCertificateContext.Create(leaf, intermediates, offline: true);
            return (new PemCertificate(leaf, context), null);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return (null, $"cannot load the TLS certificate {certFile} with key {keyFile}: {ex.Message}");
        }
    }
}
