using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Packetflix.Server.Cli;
using Packetflix.Server.Targets;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Auth;

/// <summary>
/// The one way the access and limit tests start a service: a real Kestrel on 127.0.0.1 with a token file (mode
/// 0600) and <c>--auth-on-loopback</c>, so the loopback test client is treated like a remote one, and every log
/// line collected. Disposing stops the service and removes the token file.
/// </summary>
internal sealed class TokenServer : IAsyncDisposable
{
    private TokenServer(PacketflixTestServer server, LogCollector logs, TempDirectory dir)
    {
        Server = server;
        Logs = logs;
        Dir = dir;
    }

    public PacketflixTestServer Server { get; }

    public LogCollector Logs { get; }

    public TempDirectory Dir { get; }

    public Uri BaseUri => Server.BaseUri;

    /// <param name="tokens">The token file's text.</param>
    /// <param name="cancellationToken">The test's token.</param>
    /// <param name="options">Changes to the options (limits); the token file and --auth-on-loopback are set.</param>
    /// <param name="directory">The stale-target directory; null for the embedded discovery.</param>
    /// <param name="configure">More services, e.g. a fake engine source.</param>
    public static async Task<TokenServer> StartAsync(string tokens, CancellationToken cancellationToken,
        Func<ServerOptions, ServerOptions>? options = null, ITargetDirectory? directory = null, Action<IServiceCollection>? configure = null)
    {
        var dir = new TempDirectory();
        try
        {
            var file = dir.File("tokens");
            File.WriteAllText(file, tokens);
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var logs = new LogCollector();
            var settings = new ServerOptions { AuthTokenFile = file, AuthOnLoopback = true, LogRequests = true, LogHeaders = true };
            settings = options?.Invoke(settings) ?? settings;
            var server = await PacketflixTestServer.StartAsync(cancellationToken, settings, directory, services =>
            {
                services.AddSingleton<ILoggerProvider>(logs);
                configure?.Invoke(services);
            });
            return new TokenServer(server, logs, dir);
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    public static HttpRequestMessage Get(Uri uri, string? token = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return request;
    }

    public HttpRequestMessage Get(string pathAndQuery, string? token = null) => Get(new Uri(BaseUri, pathAndQuery), token);

    public Uri CaptureUri(string query) => Server.CaptureUri(query);

    /// <summary>The Authorization header for a ClientWebSocket / CaptureClient.</summary>
    public static IReadOnlyDictionary<string, string> Bearer(string token) => new Dictionary<string, string> { ["Authorization"] = $"Bearer {token}" };

    public async ValueTask DisposeAsync()
    {
        try
        {
            await Server.DisposeAsync();
        }
        finally
        {
            Dir.Dispose();
        }
    }
}
