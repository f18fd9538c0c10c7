using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Packetflix.Server.Cli;
using Packetflix.Server.Hosting;
using Packetflix.Server.Targets;

namespace Packetflix.Server.Tests;

/// <summary>A real Packetflix service on 127.0.0.1 with an ephemeral port.</summary>
internal sealed class PacketflixTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private PacketflixTestServer(WebApplication app, Uri baseUri)
    {
        _app = app;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    public Uri CaptureUri(string query = "") =>
        new($"ws://{BaseUri.Authority}/capture{(query.Length == 0 ? "" : "?" + query)}");

    public IServiceProvider Services => _app.Services;

    public static async Task<PacketflixTestServer> StartAsync(CancellationToken cancellationToken, ServerOptions? options = null,
        ITargetDirectory? directory = null, Action<IServiceCollection>? configure = null, string listen = "127.0.0.1")
    {
        options = (options ?? new ServerOptions()) with { Port = 0, Listen = [listen] };
        var app = ServerApp.Build(options, services =>
        {
            if (directory is not null)
            {
                services.RemoveAll<ITargetDirectory>();
                services.AddSingleton(directory);
            }

            configure?.Invoke(services);
        });
        await app.StartAsync(cancellationToken);
        return new PacketflixTestServer(app, new Uri(app.Urls.First()));
    }

    public Task StopAsync(CancellationToken cancellationToken) => _app.StopAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await _app.StopAsync(cts.Token);
        }
        finally
        {
            await _app.DisposeAsync();
        }
    }
}
