using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Packetflix.Server.Tls;

/// <summary>
/// <c>--tls-self-signed</c>: an ECDSA P-256 certificate made on the first start and kept in the state directory
/// (cert and key mode 0600, the directory 0700 when we create it), so its fingerprint stays the same across restarts
/// and clients can pin it. A file pair that is unusable or expired is replaced by a new one (a new fingerprint).
/// </summary>
internal static class SelfSignedCertificate
{
    public const string CertFileName = "tls-self-signed.crt";
    public const string KeyFileName = "tls-self-signed.key";

    /// <summary>Ten years: the certificate is pinned by its hash, so renewing it would only make clients re-pin.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(3650);

    private const UnixFileMode Private = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>The cert and key paths, after making them if needed; <c>Created</c> says whether they are new.</summary>
    public static (string CertFile, string KeyFile, bool Created, string? Error) Ensure(string stateDir, IReadOnlyList<string> listen,
        TimeProvider time)
    {
        var certFile = Path.Combine(stateDir, CertFileName);
        var keyFile = Path.Combine(stateDir, KeyFileName);
        if (File.Exists(certFile) && File.Exists(keyFile))
        {
            var (existing, _) = PemCertificate.Load(certFile, keyFile);
            if (existing is not null && existing.Leaf.NotAfter.ToUniversalTime() > time.GetUtcNow().UtcDateTime)
            {
                return (certFile, keyFile, false, null);
            }
        }

        try
        {
            if (!Directory.Exists(stateDir))
            {
                Directory.CreateDirectory(stateDir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            using var certificate = Create(listen, time);
            using var key = certificate.GetECDsaPrivateKey()!;
            // Key first, then cert, each written whole and renamed into place: a crash leaves no half-written file.
            WritePrivate(keyFile, key.ExportPkcs8PrivateKeyPem());
            WritePrivate(certFile, certificate.ExportCertificatePem());
            return (certFile, keyFile, true, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            return (certFile, keyFile, false, $"--tls-self-signed: cannot keep the certificate in {stateDir}: {ex.Message}");
        }
    }

    /// <summary>Subject CN packetflix; SANs: localhost, the loopback addresses, this host's name and every listen address.</summary>
    internal static X509Certificate2 Create(IReadOnlyList<string> listen, TimeProvider time)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=packetflix", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        var host = Dns.GetHostName();
        if (host.Length > 0 && host != "localhost" && Uri.CheckHostName(host) == UriHostNameType.Dns)
        {
            names.AddDnsName(host);
        }

        foreach (var address in listen)
        {
            if (IPAddress.TryParse(address.Trim('[', ']'), out var ip) && !IPAddress.IsLoopback(ip) && !ip.Equals(IPAddress.Any)
                && !ip.Equals(IPAddress.IPv6Any))
            {
                names.AddIpAddress(ip);
            }
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = time.GetUtcNow();
        return request.CreateSelfSigned(now.AddMinutes(-5), now.Add(Lifetime));
    }

    private static void WritePrivate(string path, string pem)
    {
        var temporary = path + ".new";
        File.Delete(temporary);
        using (var stream = new FileStream(temporary, new FileStreamOptions
        {
            Mode = FileMode.CreateNew,
            Access = FileAccess.Write,
            UnixCreateMode = Private,
        }))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(pem);
        }

        // The umask may have narrowed the mode further; never wider than 0600.
        File.SetUnixFileMode(temporary, Private);
        File.Move(temporary, path, overwrite: true);
    }
}
