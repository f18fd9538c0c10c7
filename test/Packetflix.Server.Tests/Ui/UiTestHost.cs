using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Packetflix.Discovery.Engines;
using Packetflix.Server.Cli;
using Packetflix.Server.Hosting;
using Packetflix.Server.Tests.Discovery;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Ui;

/// <summary>A real Packetflix service on 127.0.0.1:0 with the real embedded discovery; an engine source reports the
/// test's <see cref="FakeContainer"/> as a Docker container, everything else (namespaces, interfaces, peers) is real.</summary>
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

    public static Task<UiTestHost> StartAsync(FakeContainer container, string name, CancellationToken cancellationToken,
        ServerOptions? options = null) =>
        StartAsync([(container, name)], cancellationToken, options);

    /// <summary>The service with several fake containers, each reported as a Docker container of its name.</summary>
    public static async Task<UiTestHost> StartAsync(IReadOnlyList<(FakeContainer Container, string Name)> containers,
        CancellationToken cancellationToken, ServerOptions? options = null)
    {
        options = (options ?? new ServerOptions()) with { Port = 0, Listen = ["127.0.0.1"] };
        var engines = new FakeEngineSource([.. containers.Select(c => FakeEngineSource.Docker(c.Name, c.Container.Pid))]);
        var app = ServerApp.Build(options, services => services.AddSingleton<IEngineSource>(engines));
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
