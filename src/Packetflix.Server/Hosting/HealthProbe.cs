using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Packetflix.Server.Hosting;

/// <summary>
/// <c>packetflix probe URL [--ca-file FILE | --tls-fingerprint FP | --insecure]</c>: GETs a loopback health URL and
/// exits 0 on 200, 1 otherwise, 2 on bad arguments. For Kubernetes exec probes and container health checks: the image
/// has no shell or curl, and the service listens on loopback, which the kubelet's HTTP probes (sent to the pod IP)
/// cannot reach. An https URL is verified as the other clients do (docs/security.md, "TLS"): against the system's
/// roots, a CA file, or a pinned SHA-256 fingerprint (which wins), or not at all with <c>--insecure</c>.
/// </summary>
internal static class HealthProbe
{
    public const string Command = "probe";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        if (ParseArguments(args, out var uri, out var caFile, out var fingerprint, out var insecure) is { } usage)
        {
            await Console.Error.WriteLineAsync($"packetflix: {usage}");
            return 2;
        }

        X509Certificate2Collection? roots = null;
        if (caFile is not null)
        {
            try
            {
                roots = [];
                roots.ImportFromPemFile(caFile);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
            {
                await Console.Error.WriteLineAsync($"packetflix: probe --ca-file {caFile}: {e.Message}");
                return 2;
            }
        }

        using var handler = new SocketsHttpHandler { UseProxy = false };
        string? refusal = null;
        handler.SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                refusal = Check(certificate, errors, roots, fingerprint, insecure);
                return refusal is null;
            },
        };
        using var http = new HttpClient(handler) { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(uri);
            var body = (await response.Content.ReadAsStringAsync()).Trim();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                await Console.Out.WriteLineAsync(body);
                return 0;
            }

            await Console.Error.WriteLineAsync($"packetflix: {uri} answered {(int)response.StatusCode}: {body}");
            return 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"packetflix: {uri}: {refusal ?? e.Message}");
            return 1;
        }
        finally
        {
            if (roots is not null)
            {
                foreach (var root in roots)
                {
                    root.Dispose();
                }
            }
        }
    }

    /// <summary>Null when the arguments are usable, else what is wrong with them.</summary>
    internal static string? ParseArguments(IReadOnlyList<string> args, out Uri uri, out string? caFile, out string? fingerprint, out bool insecure)
    {
        uri = null!;
        caFile = null;
        fingerprint = null;
        insecure = false;
        const string Usage = "usage: packetflix probe URL [--ca-file FILE | --tls-fingerprint sha256:… | --insecure]";
        if (args.Count == 0)
        {
            return Usage;
        }

        for (var i = 1; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--ca-file" when i + 1 < args.Count:
                    caFile = args[++i];
                    break;
                case "--tls-fingerprint" when i + 1 < args.Count:
                    fingerprint = NormalizeFingerprint(args[++i]);
                    if (fingerprint is null)
                    {
                        return $"probe --tls-fingerprint {args[i]}: not a SHA-256 fingerprint (sha256:AB:CD:… or 64 hex digits)";
                    }

                    break;
                case "--insecure":
                    insecure = true;
                    break;
                default:
                    return Usage;
            }
        }

        // Only loopback: this is a probe of our own listener, not a general HTTP client.
        if (!Uri.TryCreate(args[0], UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https")
            || !(parsed.IsLoopback || (IPAddress.TryParse(parsed.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))))
        {
            return $"probe needs a loopback http or https URL, not \"{args[0]}\"";
        }

        uri = parsed;
        return null;
    }

    /// <summary>Null when the server's certificate is accepted, else why not.</summary>
    private static string? Check(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection? roots, string? fingerprint,
        bool insecure)
    {
        if (certificate is null)
        {
            return "the server sent no certificate";
        }

        using var served = new X509Certificate2(certificate);
        if (fingerprint is not null)
        {
            var actual = Convert.ToHexString(SHA256.HashData(served.RawData));
            return actual == fingerprint ? null
                : $"the server's certificate {Tls.CertificateFingerprint.Of(served)} is not the one pinned with --tls-fingerprint";
        }

        if (insecure)
        {
            return null;
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return "the server's certificate is not issued for this host name";
        }

        if (roots is null)
        {
            return errors == SslPolicyErrors.None ? null : $"the server's certificate is not trusted ({errors}); use --ca-file or --tls-fingerprint";
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(served) ? null : "the server's certificate does not chain to a CA in --ca-file";
    }

    private static string? NormalizeFingerprint(string text)
    {
        var hex = text.Trim();
        foreach (var prefix in (string[])["SHA256 Fingerprint=", "sha256:"])
        {
            if (hex.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                hex = hex[prefix.Length..];
                break;
            }
        }

        hex = hex.Replace(":", "", StringComparison.Ordinal).ToUpperInvariant();
        return hex.Length == 64 && hex.All(char.IsAsciiHexDigit) ? hex : null;
    }
}
