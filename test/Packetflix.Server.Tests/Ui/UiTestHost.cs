using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Packetflix.Server.Cli;
using Packetflix.Server.Hosting;

namespace Packetflix.Server.Tests.Ui;

/// <summary>A real Packetflix service on 127.0.0.1:0 whose <c>/json</c> is <see cref="FakeDiscoveryJson"/>.</summary>
internal sealed class UiTestHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private UiTestHost(WebApplication app)
    {
        _app = app;
        BaseUri = new Uri(app.Urls.First() + "/");
    }

    /// <summary>The service root with a trailing slash, as the page's base is.</summary>
    public Uri BaseUri { get; }

    public static async Task<UiTestHost> StartAsync(string discoveryJson, CancellationToken cancellationToken, ServerOptions? options = null)
    {
        options = (options ?? new ServerOptions()) with { Port = 0, Listen = ["127.0.0.1"] };
        var app = ServerApp.Build(options, services => services.AddSingleton<IStartupFilter>(new FakeDiscoveryJson(discoveryJson)));
        try
        {
            await app.StartAsync(cancellationToken);
            return new UiTestHost(app);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }

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
