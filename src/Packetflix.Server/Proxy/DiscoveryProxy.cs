using System.Net;
using Packetflix.Server.Auth;
using Packetflix.Server.Cli;
using Yarp.ReverseProxy.Forwarder;

namespace Packetflix.Server.Proxy;

/// <summary><c>--proxy-discovery</c>: every path that is not ours goes to the discovery service, WebSocket
/// upgrades included; a dead backend is a 502.</summary>
internal sealed class DiscoveryProxy : IDisposable
{
    private readonly IHttpForwarder _forwarder;
    private readonly HttpMessageInvoker _client;
    private readonly string _destination;
    private readonly DiscoveryProxyTransformer _transformer = new();

    public DiscoveryProxy(IHttpForwarder forwarder, ServerOptions options)
    {
        _forwarder = forwarder;
        _client = new HttpMessageInvoker(new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        });
        _destination = options.DiscoveryBaseUri.ToString();
    }

    public async Task ForwardAsync(HttpContext context)
    {
        // The discovery service lists every target and knows nothing of token scopes: a scoped token would see
        // (and, through a Ghostwire UI, find) what it may not capture. It gets our own filtered /mobyshark instead.
        if (context.Features.Get<Caller>()?.Scope is not null)
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("Forbidden: a token with allow= rules cannot use the discovery proxy; use /mobyshark\n",
                context.RequestAborted);
            return;
        }

        _ = await _forwarder.SendAsync(context, _destination, _client, ForwarderRequestConfig.Empty, _transformer);
    }

    public void Dispose() => _client.Dispose();
}
