using Packetflix.Discovery;
using Packetflix.Discovery.Explorer;
using Packetflix.Discovery.Json;
using Packetflix.Discovery.Model;
using Packetflix.Server.Auth;
using Packetflix.Server.Hosting;

namespace Packetflix.Server.DiscoveryApi;

/// <summary><c>/mobyshark</c> (and <c>/discover/mobyshark</c>) in Ghostwire's shape, and <c>/json</c> for our UI. A
/// caller with a scoped token sees only the targets in its scope (docs/security.md, "Per-token scopes").</summary>
internal sealed class DiscoveryEndpoints
{
    private readonly DiscoveryService _discovery;
    private readonly ILogger<DiscoveryEndpoints> _logger;

    public DiscoveryEndpoints(DiscoveryService discovery, ILogger<DiscoveryEndpoints> logger)
    {
        _discovery = discovery;
        _logger = logger;
    }

    public Task MobysharkAsync(HttpContext context) => WriteAsync(context, r => Task.FromResult(DiscoveryJson.Mobyshark(r)));

    // The costly /json parts are computed once per discovery result, on the first /json that renders it.
    public Task JsonAsync(HttpContext context) =>
        WriteAsync(context, async r => (ReadOnlyMemory<byte>)DiscoveryJson.Ui(r, await JsonExtrasBuilder.GetAsync(r).WaitAsync(context.RequestAborted)));

    private async Task WriteAsync(HttpContext context, Func<DiscoveryResult, Task<ReadOnlyMemory<byte>>> render)
    {
        ReadOnlyMemory<byte> body;
        try
        {
            var result = await _discovery.GetAsync(context.RequestAborted);
            if (context.Features.Get<Caller>()?.Scope is { } scope)
            {
                result = ScopedDiscovery.Filter(result, scope);
            }

            body = await render(result);
        }
        catch (Exception e) when (e is not OperationCanceledException || !context.RequestAborted.IsCancellationRequested)
        {
            ServerLog.DiscoveryFailed(_logger, e);
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("discovery failed\n", context.RequestAborted);
            return;
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }
}
