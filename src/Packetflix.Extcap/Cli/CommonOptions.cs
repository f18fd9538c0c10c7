using System.CommandLine;
using Packetflix.Extcap.Client;

namespace Packetflix.Extcap.Cli;

/// <summary>Options every client command shares: where the service is and how to authenticate.</summary>
internal sealed class CommonOptions
{
    public const string DefaultHost = "http://127.0.0.1:5001";

    public Option<string> Host { get; } = new("--host", "-H")
    {
        Description = "Packetflix service URL",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("PACKETFLIX_HOST") is { Length: > 0 } env ? env : DefaultHost,
    };

    public Option<string?> Token { get; } = new("--token") { Description = "access token, sent as Authorization: Bearer" };

    public Option<string?> TokenFile { get; } = new("--token-file") { Description = "file holding the access token" };

    public Option<bool> Insecure { get; } = new("--insecure") { Description = "skip TLS certificate verification (https)" };

    public void AddTo(Command command)
    {
        command.Options.Add(Host);
        command.Options.Add(Token);
        command.Options.Add(TokenFile);
        command.Options.Add(Insecure);
    }

    public HostUrl ParseHost(ParseResult result) =>
        HostUrl.TryParse(result.GetValue(Host), out var host, out var error) ? host! : throw new ClientException($"--host: {error}");

    public ConnectionOptions Connection(ParseResult result) => new()
    {
        Token = ConnectionOptions.ResolveToken(result.GetValue(Token), result.GetValue(TokenFile)),
        Insecure = result.GetValue(Insecure),
    };
}
