using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Packetflix.Extcap.Client;

/// <summary>
/// How the server's TLS certificate is checked, in order: a pinned fingerprint (exactly that leaf certificate, whoever
/// issued it, whatever names it holds: a self-signed certificate needs no PKI); <c>--insecure</c> (nothing checked);
/// a <c>--ca-file</c> (the chain must end in one of its CAs, not the system's, and the name must match); else the
/// system's trust store. A refusal is remembered so that the connect error can say why, not only "handshake failed".
/// </summary>
internal sealed class ServerCertificateCheck
{
    private readonly ConnectionOptions _options;
    private readonly X509Certificate2Collection? _roots;

    public ServerCertificateCheck(ConnectionOptions options)
    {
        _options = options;
        if (options.CaFile is { } caFile && options.Pin is null && !options.Insecure)
        {
            _roots = new X509Certificate2Collection();
            try
            {
                _roots.ImportFromPemFile(caFile);
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new ClientException($"cannot read --ca-file \"{caFile}\": {ex.Message}", ex);
            }

            if (_roots.Count == 0)
            {
                throw new ClientException($"--ca-file \"{caFile}\" holds no PEM certificate");
            }
        }
    }

    /// <summary>Why the last handshake's certificate was refused, or null.</summary>
    public string? Failure { get; private set; }

    /// <summary>The callback for <see cref="SslClientAuthenticationOptions"/>; null means the system's default check.</summary>
    public RemoteCertificateValidationCallback? Callback =>
        _options.Pin is not null || _options.Insecure || _roots is not null ? Validate : null;

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            Failure = "TLS: the server sent no certificate";
            return false;
        }

        if (_options.Pin is { } pin)
        {
            if (pin.Matches(certificate))
            {
                return true;
            }

            Failure = $"TLS: the server's certificate {CertificatePin.Of(certificate)} is not the one pinned with --tls-fingerprint {pin}";
            return false;
        }

        if (_options.Insecure)
        {
            return true;
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            Failure = "TLS: the server's certificate does not name the host in the URL";
            return false;
        }

        using var leaf = new X509Certificate2(certificate);
        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(_roots!);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                custom.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (custom.Build(leaf))
        {
            return true;
        }

        var reasons = string.Join("; ", custom.ChainStatus.Select(s => s.StatusInformation.Trim()).Where(s => s.Length > 0).Distinct());
        Failure = $"TLS: the server's certificate is not issued by a CA in --ca-file {_options.CaFile} ({reasons})";
        return false;
    }
}
