using Microsoft.AspNetCore.Server.Kestrel.Core;
using Packetflix.Server.CaptureApi;
using Packetflix.Server.Cli;
using Packetflix.Server.Hosting;

namespace Packetflix.Server.Auth;

/// <summary>The few calls <see cref="ServerApp"/> makes to switch access control on (docs/security.md).</summary>
internal static class AccessExtensions
{
    /// <summary>Registers the token store, tickets and the audit gate. Throws if the token file cannot be used
    /// (<c>Program</c> has already checked it with <see cref="AccessPolicy.Validate"/>, so this is a race).</summary>
    public static IServiceCollection AddPacketflixAccess(this IServiceCollection services, ServerOptions options)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton(sp =>
        {
            IReadOnlyDictionary<string, TargetScope>? certificateScopes = null;
            if (options.TlsClientScopes is { } scopesFile)
            {
                var (scopes, scopesError) = CertificateScopes.Load(scopesFile);
                certificateScopes = scopes ?? throw new InvalidOperationException(scopesError);
            }

            if (options.AuthTokenFile is not { } file)
            {
                return new AccessServices(null, certificateScopes);
            }

            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger(AuditLog.Category);
            var (store, error) = TokenStore.Open(file, sp.GetRequiredService<TimeProvider>(), logger);
            return new AccessServices(store ?? throw new InvalidOperationException(error), certificateScopes);
        });
        services.AddSingleton<TicketStore>();
        services.AddSingleton<SessionLimiter>();
        services.AddSingleton<TargetAuthorizer>();
        services.AddSingleton<CaptureAudit>();
        services.AddSingleton<ICaptureGate>(sp => sp.GetRequiredService<CaptureAudit>());
        return services;
    }

    /// <summary><c>unix:/PATH</c> listeners; returns false for every other <c>--listen</c> value.</summary>
    public static bool TryListenUnixSocket(this KestrelServerOptions kestrel, string listen)
    {
        if (!AccessPolicy.IsUnixSocket(listen))
        {
            return false;
        }

        var path = listen[Cli.CommandLineParser.UnixPrefix.Length..];
        UnixSocketListener.Prepare(path);
        kestrel.ListenUnixSocket(path);
        return true;
    }

    /// <summary>The access middleware, and the start-up and shutdown work of the unix socket listeners.</summary>
    public static void UsePacketflixAccess(this WebApplication app, ServerOptions options)
    {
        app.UseMiddleware<AccessMiddleware>();
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(AuditLog.Category);
        var sockets = options.Listen.Where(AccessPolicy.IsUnixSocket).Select(l => l[CommandLineParser.UnixPrefix.Length..]).ToList();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var tokens = app.Services.GetRequiredService<AccessServices>().Tokens;
            if (tokens is not null)
            {
                AuditLog.TokensRequired(logger, options.AuthOnLoopback ? "every TCP peer" : "non-loopback peers", tokens.Count,
                    options.AuthTokenFile!);
            }

            foreach (var path in sockets)
            {
                if (UnixSocketListener.Secure(path, options.SocketGroup) is { } error)
                {
                    AuditLog.UnixSocketFailed(logger, path, error);
                    app.Lifetime.StopApplication();
                }
                else
                {
                    AuditLog.UnixSocketReady(logger, path, options.SocketGroup ?? "unchanged");
                }
            }
        });
        app.Lifetime.ApplicationStopped.Register(() => sockets.ForEach(UnixSocketListener.Remove));
    }
}
