using Packetflix.Discovery;
using Packetflix.Linux;

namespace Packetflix.Server.Hosting;

/// <summary>
/// <c>GET /healthz</c> (the process answers HTTP) and <c>GET /readyz</c> (it can serve captures and discovery:
/// libpcap is loaded and the embedded discovery has completed a run), for Kubernetes probes and service managers.
/// </summary>
internal sealed class HealthEndpoints(DiscoveryService discovery)
{
    // How long one readiness probe lets a first discovery run before it answers "not yet".
    private static readonly TimeSpan FirstDiscoveryWait = TimeSpan.FromSeconds(2);

    public static Task LivenessAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status200OK, "ok");

    public async Task ReadinessAsync(HttpContext context)
    {
        if (!LibPcap.TryLoad(out var pcapError))
        {
            await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $"not ready: {pcapError}");
            return;
        }

        if (!discovery.HasResult)
        {
            // Nothing starts a discovery before the first client, so the first probe does, and waits briefly:
            // the run continues under the service's lifetime if the probe gives up.
            try
            {
                await discovery.GetAsync(context.RequestAborted).WaitAsync(FirstDiscoveryWait, context.RequestAborted);
            }
            catch (TimeoutException)
            {
                await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "not ready: the first discovery is still running");
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await WriteAsync(context, StatusCodes.Status503ServiceUnavailable, $"not ready: discovery failed: {e.Message}");
                return;
            }
        }

        await WriteAsync(context, StatusCodes.Status200OK, "ok");
    }

    private static Task WriteAsync(HttpContext context, int status, string text)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(text + "\n", context.RequestAborted);
    }
}
