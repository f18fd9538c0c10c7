using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Packetflix.Extcap.Client;

/// <summary>
/// <c>--tls-fingerprint</c>: the SHA-256 of the server's leaf certificate (DER). Accepted as the service prints it
/// (<c>sha256:AB:CD:…</c>), as <c>openssl x509 -fingerprint -sha256</c> prints it (<c>SHA256 Fingerprint=AB:CD:…</c>),
/// or as 64 hex digits, in either case, with or without colons.
/// </summary>
internal sealed class CertificatePin
{
    private readonly byte[] _hash;

    private CertificatePin(byte[] hash)
    {
        _hash = hash;
    }

    public override string ToString() => Format(_hash);

    public static bool TryParse(string? text, out CertificatePin? pin, out string error)
    {
        pin = null;
        error = string.Empty;
        var value = (text ?? string.Empty).Trim();
        foreach (var prefix in new[] { "SHA256 Fingerprint=", "sha256 fingerprint=", "sha256:", "sha256=", "SHA256:", "SHA256=" })
        {
            if (value.StartsWith(prefix, StringComparison.Ordinal))
            {
                value = value[prefix.Length..];
                break;
            }
        }

        var hex = value.Replace(":", string.Empty, StringComparison.Ordinal).Replace(" ", string.Empty, StringComparison.Ordinal);
        if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
        {
            error = $"invalid --tls-fingerprint \"{text}\": expected sha256: and 32 hex bytes (AB:CD:…), as the service logs it";
            return false;
        }

        pin = new CertificatePin(Convert.FromHexString(hex));
        return true;
    }

    public bool Matches(X509Certificate certificate) =>
        CryptographicOperations.FixedTimeEquals(SHA256.HashData(certificate.GetRawCertData()), _hash);

    public static string Of(X509Certificate certificate) => Format(SHA256.HashData(certificate.GetRawCertData()));

    private static string Format(byte[] hash) =>
        "sha256:" + string.Join(':', hash.Select(b => b.ToString("X2", CultureInfo.InvariantCulture)));
}
