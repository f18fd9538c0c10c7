using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Packetflix.Server.Tls;

/// <summary>
/// <c>--tls-client-ca FILE</c>: a client certificate must chain to one of the CA certificates in the file (and only to
/// them: the system's roots play no part), be valid now, and, if it names its usages, allow TLS client authentication
/// (RFC 5280 §4.2.1.12). No revocation check: the file's CA is the whole trust decision.
/// </summary>
internal sealed class ClientCertificateValidator
{
    private const string ClientAuthOid = "1.3.6.1.5.5.7.3.2";

    private readonly X509Certificate2Collection _roots;
    private readonly ILogger _logger;

    private ClientCertificateValidator(string caFile, X509Certificate2Collection roots, ILogger logger)
    {
        CaFile = caFile;
        _roots = roots;
        _logger = logger;
    }

    public string CaFile { get; }

    public static (ClientCertificateValidator? Validator, string? Error) Open(string caFile, ILogger logger)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(caFile);
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read --tls-client-ca {caFile}: {ex.Message}");
        }

        return roots.Count == 0
            ? (null, $"--tls-client-ca {caFile} holds no PEM certificate")
            : (new ClientCertificateValidator(caFile, roots, logger), null);
    }

    /// <summary>SslStream's callback; <paramref name="remote"/> only names the peer in the log line.</summary>
    public bool Validate(X509Certificate? certificate, string remote)
    {
        if (certificate is null)
        {
            TlsLog.ClientCertificateRefused(_logger, remote, "no client certificate sent");
            return false;
        }

        using var leaf = new X509Certificate2(certificate);
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(_roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid(ClientAuthOid));
        if (chain.Build(leaf))
        {
            return true;
        }

        var reasons = string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        TlsLog.ClientCertificateRefused(_logger, remote, $"{leaf.Subject}: {(reasons.Length == 0 ? "not issued by the client CA" : reasons)}");
        return false;
    }
}
