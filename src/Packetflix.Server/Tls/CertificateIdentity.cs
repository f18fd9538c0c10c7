using System.Security.Cryptography.X509Certificates;

namespace Packetflix.Server.Tls;

/// <summary>The name a validated client certificate gives its caller (the audit log's "who").</summary>
internal static class CertificateIdentity
{
    /// <summary>The subject's common name; the whole subject when it has no CN (RFC 5280 §4.1.2.6 allows that).</summary>
    public static string NameOf(X509Certificate2 certificate)
    {
        var cn = certificate.GetNameInfo(X509NameType.SimpleName, forIssuer: false);
        return string.IsNullOrWhiteSpace(cn) ? certificate.Subject : cn;
    }
}
