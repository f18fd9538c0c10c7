using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Packetflix.Tests.Common;

/// <summary>
/// Certificates a test makes itself with <see cref="CertificateRequest"/>: a CA, a server certificate for
/// 127.0.0.1/localhost and client certificates, written as PEM files into a directory.
/// </summary>
public sealed class TestPki
{
    private readonly X509Certificate2 _ca;

    private TestPki(string directory, X509Certificate2 ca)
    {
        Directory = directory;
        _ca = ca;
        CaFile = System.IO.Path.Combine(directory, $"ca-{Guid.NewGuid():N}.crt");
        File.WriteAllText(CaFile, ca.ExportCertificatePem());
    }

    public string Directory { get; }

    /// <summary>The CA certificate (PEM).</summary>
    public string CaFile { get; }

    public static TestPki Create(string directory, string caName = "Packetflix Test CA")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={caName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        return new TestPki(directory, request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30)));
    }

    /// <summary>A server certificate for localhost and 127.0.0.1; returns the cert and key file paths.</summary>
    public (string CertFile, string KeyFile) IssueServer(string name, string commonName = "localhost") =>
        Issue(name, commonName, "1.3.6.1.5.5.7.3.1", names =>
        {
            names.AddDnsName("localhost");
            names.AddIpAddress(IPAddress.Loopback);
        });

    /// <summary>A TLS client certificate with the CN <paramref name="commonName"/>.</summary>
    public (string CertFile, string KeyFile) IssueClient(string name, string commonName) =>
        Issue(name, commonName, "1.3.6.1.5.5.7.3.2", null);

    /// <summary>The SHA-256 fingerprint of a PEM certificate file, as the service logs it (sha256:AB:CD:…).</summary>
    public static string FingerprintOf(string certFile)
    {
        using var certificate = X509Certificate2.CreateFromPem(File.ReadAllText(certFile));
        return "sha256:" + string.Join(':', SHA256.HashData(certificate.RawData).Select(b => b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    private (string CertFile, string KeyFile) Issue(string name, string commonName, string usage, Action<SubjectAlternativeNameBuilder>? sans)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={commonName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (sans is not null)
        {
            var names = new SubjectAlternativeNameBuilder();
            sans(names);
            request.CertificateExtensions.Add(names.Build());
        }

        var now = DateTimeOffset.UtcNow;
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var certificate = request.Create(_ca, now.AddHours(-1), now.AddDays(7), serial);
        var certFile = System.IO.Path.Combine(Directory, name + ".crt");
        var keyFile = System.IO.Path.Combine(Directory, name + ".key");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keyFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return (certFile, keyFile);
    }
}
