using System.Text.Json;
using Microsoft.Extensions.Logging.Console;
using Packetflix.Server.Cli;

namespace Packetflix.Server.Hosting.Telemetry;

/// <summary>The console log: upstream-like single text lines by default, or with <c>--log-format json</c> one JSON
/// object per line (Microsoft.Extensions.Logging's JSON console formatter) with scopes, so every line of a capture
/// session carries its id (<see cref="SessionLogScope"/>).</summary>
internal static class ConsoleLogging
{
    public static ILoggingBuilder AddPacketflixConsole(this ILoggingBuilder logging, ServerOptions options)
    {
        logging.ClearProviders();
        if (options.LogJson)
        {
            logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                // One entry per line: log shippers split on newlines.
                o.JsonWriterOptions = new JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
                o.SingleLine = true;
                o.ColorBehavior = LoggerColorBehavior.Default;
            });
        }

        logging.SetMinimumLevel(options.Debug ? LogLevel.Debug : LogLevel.Information);
        logging.AddFilter("Microsoft", options.Debug ? LogLevel.Information : LogLevel.Warning);
        logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Information);
        // Its "Request starting" lines (Information, so shown with --debug) carry the raw URL, a live ?ticket= included,
        // and are written before the access check removes it; --log-requests logs requests with it redacted.
        logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.Warning);
        logging.AddFilter("System.Net.Http", LogLevel.Warning);
        return logging;
    }
}
