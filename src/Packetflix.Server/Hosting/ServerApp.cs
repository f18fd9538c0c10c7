using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Packetflix.Capture;
using Packetflix.Core;
using Packetflix.Discovery;
using Packetflix.Discovery.Engines;
using Packetflix.Discovery.Explorer;
using Packetflix.Linux;
using Packetflix.Server.Auth;
using Packetflix.Server.CaptureApi;
using Packetflix.Server.Cli;
using Packetflix.Server.DiscoveryApi;
using Packetflix.Server.Hosting.Telemetry;
using Packetflix.Server.Proxy;
using Packetflix.Server.Targets;
using Packetflix.Server.Tls;
using Packetflix.Server.Ui;

namespace Packetflix.Server.Hosting;

/// <summary>Builds the web application: Kestrel on the chosen addresses, exact-path dispatch like Go's ServeMux.</summary>
internal static class ServerApp
{
    public static WebApplication Build(ServerOptions options, Action<IServiceCollection>? configureServices = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.AddPacketflixConsole(options);
        builder.Host.ConfigureHostOptions(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // Null-safe for the listeners below: without --tls-* it leaves them plain.
            var tls = kestrel.ApplicationServices.GetRequiredService<TlsServer>();
            kestrel.AddServerHeader = false;
            kestrel.ApplyPacketflixLimits(options);
            kestrel.ConfigureEndpointDefaults(l => l.Protocols = HttpProtocols.Http1);
            if (options.Listen.Count == 0)
            {
                if (options.Port == 0)
                {
                    kestrel.Listen(IPAddress.Loopback, 0, tls.Apply);
                }
                else
                {
                    kestrel.ListenLocalhost(options.Port, tls.Apply);
                }
            }

            foreach (var address in options.Listen)
            {
                if (kestrel.TryListenUnixSocket(address))
                {
                    continue;
                }

                if (address == "*")
                {
                    kestrel.ListenAnyIP(options.Port, tls.Apply);
                }
                else
                {
                    kestrel.Listen(IPAddress.Parse(address.Trim('[', ']')), options.Port, tls.Apply);
                }
            }
        });

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(new NetnsLocator());
        services.AddSingleton<DiscoveryService>();
        services.AddSingleton<DiscoveryEndpoints>();
        services.AddSingleton<ExplorerService>();
        services.AddSingleton<ExplorerEndpoints>();
        services.AddSingleton<HealthEndpoints>();

        // An explicit --discovery-service is asked for stale targets; otherwise the embedded discovery answers.
        services.AddSingleton<ITargetDirectory>(sp => options.DiscoveryServiceGiven
            ? new MobysharkClient(new HttpClient(new SocketsHttpHandler { UseProxy = false }), options.DiscoveryBaseUri)
            : new EmbeddedTargetDirectory(sp.GetRequiredService<DiscoveryService>()));
        services.AddSingleton<TargetResolver>();
        services.AddSingleton<OwnConnectionRegistry>();
        services.AddSingleton<SharedCaptures>();
        services.AddSingleton<CaptureStarter>();
        services.AddSingleton<CaptureEndpoint>();
        services.AddSingleton<CaptureDownloadEndpoint>();
        services.AddSingleton<UiAssets>();
        services.AddSingleton<UiEndpoint>();
        services.AddHttpForwarder();
        services.AddSingleton<DiscoveryProxy>();
        services.AddPacketflixAccess(options);
        services.AddPacketflixTelemetry();
        services.AddSingleton<TlsServer>();
        configureServices?.Invoke(services);

        // Tests may register their own engine source before this; the real one finds Docker, podman, containerd, CRI.
        services.TryAddSingleton<IEngineSource, EngineDiscovery>();

        var app = builder.Build();
        app.UseRefusalCounting();
        if (options.LogRequests || options.LogHeaders)
        {
            app.UseMiddleware<RequestLogging>(options.LogHeaders);
        }

        // Before the WebSocket middleware: a capture is refused (401) before the upgrade, and the audit log counts the upgraded stream.
        app.UsePacketflixAccess(options);
        app.UsePacketflixMetrics();
        // Before the WebSocket middleware takes the upgrade feature: see ClientFrameGuard and FrameSender (outermost,
        // so the WebSocket's own frames and our data frames meet there).
        app.Use((context, next) =>
        {
            if (CaptureEndpoint.IsUpgrade(context))
            {
                ClientFrameGuard.Install(context, options.MaxClientMessageBytes);
                FrameSender.Install(context);
            }

            return next(context);
        });
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });

        var capture = app.Services.GetRequiredService<CaptureEndpoint>();
        var discovery = app.Services.GetRequiredService<DiscoveryEndpoints>();
        var explorer = app.Services.GetRequiredService<ExplorerEndpoints>();
        var download = app.Services.GetRequiredService<CaptureDownloadEndpoint>();
        var ui = app.Services.GetRequiredService<UiEndpoint>();
        var health = app.Services.GetRequiredService<HealthEndpoints>();
        DiscoveryProxy? proxy = options.ProxyDiscovery ? app.Services.GetRequiredService<DiscoveryProxy>() : null;

        // With --proxy-discovery, a separate Ghostwire keeps /discover/mobyshark and /json (its UI reads its own /json).
        app.Run(context => context.Request.Path.Value switch
        {
            "/capture" => capture.HandleAsync(context),
            "/capture.pcapng" => download.HandleAsync(context),
            // Ghostwire's UI owns "/" when we proxy it; ours stays reachable at /ui/.
            "/" when proxy is null => ui.HandleAsync(context),
            var path when UiEndpoint.IsUiPath(path) => ui.HandleAsync(context),
            "/version" => WriteVersionAsync(context),
            "/healthz" => HealthEndpoints.LivenessAsync(context),
            "/readyz" => health.ReadinessAsync(context),
            "/mobyshark" => discovery.MobysharkAsync(context),
            "/discover/mobyshark" when proxy is null => discovery.MobysharkAsync(context),
            "/json" when proxy is null => discovery.JsonAsync(context),
            "/api/namespaces" => explorer.NamespacesAsync(context),
            var path when path?.StartsWith(ExplorerEndpoints.MountsPrefix, StringComparison.Ordinal) == true => explorer.MountsAsync(context),
            _ when proxy is not null => proxy.ForwardAsync(context),
            _ => WriteNotFoundAsync(context),
        });

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Packetflix");
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = string.Join(", ", app.Urls);
            ServerLog.Listening(logger, addresses);
            app.Services.GetRequiredService<TlsServer>().LogStarted();
            if (options.InsecureNoAuth && options.Listen.Any(AccessPolicy.IsNonLoopback))
            {
                ServerLog.ExposedWithoutAuth(logger, addresses);
            }
        });
        return app;
    }

    /// <summary>Upstream's body, byte for byte (Go sniffs it as text/plain).</summary>
    private static Task WriteVersionAsync(HttpContext context)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync($$"""{"name":"{{PacketflixVersion.Name}}","version":"{{PacketflixVersion.Version}}"}""",
            context.RequestAborted);
    }

    /// <summary>Go's NotFound handler text.</summary>
    private static Task WriteNotFoundAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status404NotFound;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync("404 page not found\n", context.RequestAborted);
    }
}
