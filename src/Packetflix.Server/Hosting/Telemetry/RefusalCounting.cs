namespace Packetflix.Server.Hosting.Telemetry;

/// <summary>Counts every HTTP answer with a 4xx or 5xx status (<c>packetflix_http_refusals_total</c>), whoever
/// gave it: the access check, the handshake validation, an endpoint. First in the pipeline, so it sees them all.</summary>
internal sealed class RefusalCounting(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        finally
        {
            if (context.Response.StatusCode >= StatusCodes.Status400BadRequest)
            {
                PacketflixMetrics.Refused(context.Response.StatusCode);
            }
        }
    }
}
