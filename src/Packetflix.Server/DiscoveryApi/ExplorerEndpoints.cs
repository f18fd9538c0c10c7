using System.Globalization;
using System.Text.Json;
using Packetflix.Discovery.Explorer;
using Packetflix.Discovery.Json;
using Packetflix.Server.Auth;
using Packetflix.Server.Hosting;

namespace Packetflix.Server.DiscoveryApi;

/// <summary><c>GET /api/namespaces</c> and <c>GET /api/mounts/{mntns}</c> (docs/api.md, "Explorer"). Both are views of the
/// whole host (every namespace, its processes and command lines, every mount), so a caller whose token or certificate
/// is limited to some targets (docs/security.md, "Per-token scopes") gets <c>403</c>: no filtering by target can make
/// the host's process list and mount tables its business.</summary>
internal sealed class ExplorerEndpoints
{
    /// <summary>The path prefix of the mount table endpoint.</summary>
    public const string MountsPrefix = "/api/mounts/";

    /// <summary>What a scoped caller is told.</summary>
    internal const string ScopedRefusal =
        "a token or certificate with allow= rules sees only its targets, not the host's namespaces and mounts";

    private readonly ExplorerService _explorer;
    private readonly ILogger<ExplorerEndpoints> _logger;

    public ExplorerEndpoints(ExplorerService explorer, ILogger<ExplorerEndpoints> logger)
    {
        _explorer = explorer;
        _logger = logger;
    }

    public Task NamespacesAsync(HttpContext context) => WriteAsync(context, async ct =>
        (StatusCodes.Status200OK, JsonSerializer.SerializeToUtf8Bytes(await _explorer.GetNamespacesAsync(ct), DiscoveryJsonContext.Default.ApiNamespacesDocument)));

    public Task MountsAsync(HttpContext context) => WriteAsync(context, async ct =>
    {
        var id = context.Request.Path.Value![MountsPrefix.Length..];
        if (!ulong.TryParse(id, NumberStyles.None, CultureInfo.InvariantCulture, out var mntns))
        {
            return Error(StatusCodes.Status400BadRequest, "the mount namespace must be given by its inode number");
        }

        return await _explorer.GetMountsAsync(mntns, ct) is { } document
            ? (StatusCodes.Status200OK, JsonSerializer.SerializeToUtf8Bytes(document, DiscoveryJsonContext.Default.ApiMountsDocument))
            : Error(StatusCodes.Status404NotFound, $"no mount namespace {mntns}");
    });

    private static (int, byte[]) Error(int status, string message) =>
        (status, JsonSerializer.SerializeToUtf8Bytes(new ApiError(message), DiscoveryJsonContext.Default.ApiError));

    private async Task WriteAsync(HttpContext context, Func<CancellationToken, Task<(int Status, byte[] Body)>> render)
    {
        int status;
        byte[] body;
        try
        {
            (status, body) = context.Features.Get<Caller>()?.Scope is not null
                ? Error(StatusCodes.Status403Forbidden, ScopedRefusal)
                : await render(context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            ServerLog.DiscoveryFailed(_logger, e);
            (status, body) = Error(StatusCodes.Status500InternalServerError, "namespace discovery failed");
        }

        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
