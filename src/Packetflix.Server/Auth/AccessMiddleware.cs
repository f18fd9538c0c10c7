using Microsoft.AspNetCore.Http.Extensions;
using Packetflix.Server.Cli;
using Packetflix.Server.Ui;

namespace Packetflix.Server.Auth;

/// <summary>
/// Decides who a request comes from before any endpoint runs (docs/security.md): a bearer token, a capture
/// ticket, or the connection itself (loopback, unix socket, <c>--insecure-no-auth</c>). Anything else gets 401
/// with <c>WWW-Authenticate</c> — for <c>/capture</c> that is before the WebSocket upgrade. Credentials are
/// removed from the request once checked, so no later log line or the discovery proxy ever sees them.
/// </summary>
internal sealed class AccessMiddleware
{
    public const string TicketPath = "/auth/ticket";
    public const string TicketParameter = "ticket";
    public const string Challenge = "Bearer realm=\"packetflix\"";

    /// <summary>The answer to a credential-less loopback request that names another host (DNS rebinding).</summary>
    public const string ForeignHostMessage =
        "Forbidden: without credentials, a loopback request must name localhost, a loopback address or this machine in Host "
        + "(DNS rebinding protection); send a bearer token to use another name\n";

    private readonly RequestDelegate _next;
    private readonly ServerOptions _options;
    private readonly TokenStore? _tokens;
    private readonly IReadOnlyDictionary<string, TargetScope>? _certificateScopes;
    private readonly TicketStore _tickets;
    private readonly CaptureAudit _audit;
    private readonly ILogger _logger;

    public AccessMiddleware(RequestDelegate next, ServerOptions options, AccessServices services, TicketStore tickets, CaptureAudit audit,
        ILoggerFactory loggers)
    {
        _next = next;
        _options = options;
        _tokens = services.Tokens;
        _certificateScopes = services.CertificateScopes;
        _tickets = tickets;
        _audit = audit;
        _logger = loggers.CreateLogger(AuditLog.Category);
    }

    public async Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path.Value ?? "/";
        if (IsPublic(path))
        {
            await _next(context);
            return;
        }

        var capture = path is "/capture" or "/capture.pcapng";
        var (caller, failure) = Authenticate(context, capture);
        if (caller is null)
        {
            AuditLog.Unauthorized(_logger, context.Request.Method, path, PeerText(context), failure.Reason);
            await ChallengeAsync(context, failure.InvalidToken);
            return;
        }

        if (caller.Kind is CallerKind.Loopback && !LocalHostHeader.IsLocal(context.Request.Host))
        {
            AuditLog.ForeignHost(_logger, context.Request.Method, path, PeerText(context), context.Request.Host.Value ?? "");
            await RefuseForeignHostAsync(context);
            return;
        }

        context.Features.Set(caller);
        if (path == TicketPath)
        {
            await IssueTicketAsync(context, caller);
        }
        else if (capture)
        {
            await _audit.RunAsync(context, caller, _next);
        }
        else
        {
            await _next(context);
        }
    }

    /// <summary>The UI's page and static files (they hold no data; the page then asks for a token), and the
    /// health probes. With <c>--proxy-discovery</c>, <c>/</c> is Ghostwire's and needs credentials.</summary>
    private bool IsPublic(string path) =>
        UiEndpoint.IsUiPath(path) || (path == "/" && !_options.ProxyDiscovery) || path is "/healthz" or "/readyz";

    private (Caller? Caller, (string Reason, bool InvalidToken) Failure) Authenticate(HttpContext context, bool capture)
    {
        var kind = PeerIdentity.KindOf(context, out var remote, out var uid);
        Caller? caller = null;
        var headers = context.Request.Headers;
        var authorization = headers.Authorization.ToString();
        if (authorization.Length > 0 && _tokens is not null)
        {
            headers.Remove("Authorization");
            if (!authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                return (null, ("Authorization is not a Bearer token", true));
            }

            var entry = _tokens.Find(authorization["Bearer ".Length..].Trim());
            if (entry is null)
            {
                return (null, ("unknown bearer token", true));
            }

            caller = new Caller(entry.Name, CallerKind.Token, remote, entry.Scope);
        }

        if (capture && context.Request.Query.TryGetValue(TicketParameter, out var tickets))
        {
            RemoveTicket(context.Request);
            var ticketCaller = tickets.Count == 1 && tickets[0] is { Length: > 0 } ticket ? _tickets.Redeem(ticket) : null;
            if (ticketCaller is null)
            {
                return (null, ("unknown, used or expired ticket", true));
            }

            caller ??= ticketCaller with { Remote = remote };
        }

        if (caller is not null)
        {
            return (caller, default);
        }

        // Kestrel sets it only after the handshake accepted it (--tls-client-ca, docs/security.md "TLS").
        if (context.Connection.ClientCertificate is { } certificate)
        {
            var name = Tls.CertificateIdentity.NameOf(certificate);
            var scope = _certificateScopes is not null && _certificateScopes.TryGetValue(name, out var listed) ? listed : null;
            return (new Caller(name, CallerKind.Certificate, remote, scope), default);
        }

        return kind switch
        {
            PeerKind.Loopback when !_options.AuthOnLoopback => (new Caller("loopback", CallerKind.Loopback, remote), default),
            PeerKind.UnixSocket => (new Caller($"unix:{uid}", CallerKind.UnixSocket, remote), default),
            PeerKind.Remote when _options.InsecureNoAuth => (new Caller("anonymous", CallerKind.Anonymous, remote), default),
            _ => (null, ("no credentials", false)),
        };
    }

    /// <summary>Drops <c>ticket</c> from the query, so the capture endpoints' own log lines never show it.</summary>
    private static void RemoveTicket(HttpRequest request)
    {
        var query = new QueryBuilder();
        foreach (var (key, values) in request.Query)
        {
            // Request.Query matched the key ignoring case (?Ticket= was redeemed), so it is removed the same way.
            if (!string.Equals(key, TicketParameter, StringComparison.OrdinalIgnoreCase))
            {
                foreach (var value in values)
                {
                    query.Add(key, value ?? "");
                }
            }
        }

        request.QueryString = query.ToQueryString();
    }

    /// <summary>RFC 6750 §3: the challenge, with error="invalid_token" when credentials were sent but are wrong.</summary>
    private static Task ChallengeAsync(HttpContext context, bool invalidToken)
    {
        context.Response.Headers.WWWAuthenticate = invalidToken ? Challenge + ", error=\"invalid_token\"" : Challenge;
        return RefuseAsync(context, StatusCodes.Status401Unauthorized, "Unauthorized\n");
    }

    /// <summary>A credential-less loopback request whose Host names another machine: a DNS rebinding page
    /// (<see cref="LocalHostHeader"/>). Before any endpoint, so for <c>/capture</c> before the upgrade.</summary>
    private static Task RefuseForeignHostAsync(HttpContext context) => RefuseAsync(context, StatusCodes.Status403Forbidden, ForeignHostMessage);

    /// <summary>An access refusal: plain text, never cached or sniffed.</summary>
    private static Task RefuseAsync(HttpContext context, int status, string text)
    {
        var response = context.Response;
        response.StatusCode = status;
        response.Headers.CacheControl = "no-store";
        response.ContentType = "text/plain; charset=utf-8";
        response.Headers.XContentTypeOptions = "nosniff";
        return response.WriteAsync(text, context.RequestAborted);
    }

    private async Task IssueTicketAsync(HttpContext context, Caller caller)
    {
        var response = context.Response;
        response.Headers.CacheControl = "no-store";
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            response.Headers.Allow = "POST";
            return;
        }

        var ticket = _tickets.Issue(caller);
        if (ticket is null)
        {
            response.StatusCode = StatusCodes.Status429TooManyRequests;
            response.ContentType = "text/plain; charset=utf-8";
            await response.WriteAsync("too many outstanding tickets\n", context.RequestAborted);
            return;
        }

        AuditLog.TicketIssued(_logger, caller.Name, caller.Remote);
        response.ContentType = "application/json";
        // The ticket is base64url: no character needs JSON escaping.
        await response.WriteAsync($$"""{"ticket":"{{ticket}}","expires_in":{{(int)TicketStore.Lifetime.TotalSeconds}}}""",
            context.RequestAborted);
    }

    private static string PeerText(HttpContext context)
    {
        PeerIdentity.KindOf(context, out var remote, out _);
        return remote;
    }
}
