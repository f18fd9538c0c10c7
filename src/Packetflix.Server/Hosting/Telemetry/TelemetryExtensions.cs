using OpenTelemetry.Metrics;
using Packetflix.Discovery;

namespace Packetflix.Server.Hosting.Telemetry;

/// <summary>Wires the Packetflix meter to OpenTelemetry's Prometheus exporter, served on <c>GET /metrics</c>.</summary>
internal static class TelemetryExtensions
{
    public const string MetricsPath = "/metrics";

    public static IServiceCollection AddPacketflixTelemetry(this IServiceCollection services)
    {
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(PacketflixMetrics.MeterName, DiscoveryMetrics.MeterName)
            .AddPrometheusExporter(o =>
            {
                // Every scrape collects anew: a cached answer would show totals that lag behind the final statistics
                // blocks a client just got (docs/api.md, "Accounting").
                o.ScrapeResponseCacheDurationMilliseconds = 0;
                // One meter and no resource attributes worth a series: keep the exposition to our own families.
                o.ScopeInfoEnabled = false;
                o.TargetInfoEnabled = false;
            }));
        return services;
    }

    /// <summary>Counts refusals; call first, before anything that may refuse.</summary>
    public static IApplicationBuilder UseRefusalCounting(this IApplicationBuilder app) => app.UseMiddleware<RefusalCounting>();

    /// <summary>The scrape endpoint; call after the access middleware, so <c>/metrics</c> needs what every other
    /// non-public path needs (docs/security.md).</summary>
    public static IApplicationBuilder UsePacketflixMetrics(this IApplicationBuilder app) =>
        app.UseOpenTelemetryPrometheusScrapingEndpoint(context => context.Request.Path == MetricsPath);
}
