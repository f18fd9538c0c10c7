using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Packetflix.Server.Tls;

/// <summary>
/// A certificate's SHA-256 fingerprint in the form the service prints and the clients' <c>--tls-fingerprint</c> takes:
/// <c>sha256:</c> and the upper-case hex of the hash of the DER certificate, bytes separated by colons — what
/// <c>openssl x509 -noout -fingerprint -sha256</c> prints after <c>SHA256 Fingerprint=</c>.
/// </summary>
internal static class CertificateFingerprint
{
    public const string Prefix = "sha256:";

    public static string Of(X509Certificate2 certificate) =>
        Prefix + Convert.ToHexString(SHA256.HashData(certificate.RawData)).Chunk(2).Select(c => new string(c)).Aggregate((a, b) => a + ":" + b);
}
