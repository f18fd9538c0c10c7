using System.CommandLine;
using Packetflix.Extcap.Client;

namespace Packetflix.Extcap.Cli;

/// <summary>Options every client command shares: where the service is and how to authenticate.</summary>
internal sealed class CommonOptions
{
    public const string DefaultHost = "http://127.0.0.1:5001";

    public Option<string[]> Host { get; } = new("--host", "-H")
    {
        Description = "Packetflix service URL (http:// or https://), or unix:/PATH for its unix socket; capture: repeat it to merge "
            + "several services into one stream (the other options apply to each)",
        DefaultValueFactory = _ => [Environment.GetEnvironmentVariable("PACKETFLIX_HOST") is { Length: > 0 } env ? env : DefaultHost],
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Token { get; } = new("--token") { Description = "access token, sent as Authorization: Bearer" };

    public Option<string?> TokenFile { get; } = new("--token-file") { Description = "file holding the access token" };

    public Option<bool> Insecure { get; } = new("--insecure") { Description = "skip TLS certificate verification (https): for tests only" };

    public Option<string?> CaFile { get; } = new("--ca-file") { Description = "PEM CA certificates to verify the server's certificate with" };

    public Option<string?> Fingerprint { get; } = new("--tls-fingerprint")
    {
        Description = "accept exactly the server certificate with this SHA-256 (sha256:AB:CD:..., as the service logs it)",
    };

    public Option<string?> ClientCert { get; } = new("--tls-client-cert") { Description = "PEM client certificate (mTLS)" };

    public Option<string?> ClientKey { get; } = new("--tls-client-key") { Description = "PEM key of --tls-client-cert (default: that file)" };

    public void AddTo(Command command)
    {
        command.Options.Add(CaFile);
        command.Options.Add(Fingerprint);
        command.Options.Add(ClientCert);
        command.Options.Add(ClientKey);
        command.Options.Add(Host);
        command.Options.Add(Token);
        command.Options.Add(TokenFile);
        command.Options.Add(Insecure);
    }

    /// <summary>The one service of a command that talks to one.</summary>
    public HostUrl ParseHost(ParseResult result)
    {
        var hosts = ParseHosts(result);
        return hosts.Count == 1 ? hosts[0] : throw new ClientException("--host: give one service (several are for packetflix capture)");
    }

    /// <summary>Every <c>--host</c>, in order (the default when none is given).</summary>
    public IReadOnlyList<HostUrl> ParseHosts(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var values = result.GetValue(Host) is { Length: > 0 } given ? given : [DefaultHost];
        return [.. values.Select(text =>
            HostUrl.TryParse(text, out var host, out var error) ? host! : throw new ClientException($"--host: {error}"))];
    }

    public ConnectionOptions Connection(ParseResult result)
    {
        var options = new ConnectionOptions
        {
            Token = ConnectionOptions.ResolveToken(result.GetValue(Token), result.GetValue(TokenFile)),
            Insecure = result.GetValue(Insecure),
            CaFile = ConnectionOptions.NonEmpty(result.GetValue(CaFile)),
            Pin = ConnectionOptions.ParsePin(result.GetValue(Fingerprint)),
            ClientCertFile = ConnectionOptions.NonEmpty(result.GetValue(ClientCert)),
            ClientKeyFile = ConnectionOptions.NonEmpty(result.GetValue(ClientKey)),
        };
        if (options.Insecure && options.Pin is null)
        {
            Console.Error.WriteLine("packetflix: warning: --insecure: the server's certificate is not verified; anyone on the path can read "
                + "the capture and the token (pin it with --tls-fingerprint instead)");
        }

        return options;
    }
}
