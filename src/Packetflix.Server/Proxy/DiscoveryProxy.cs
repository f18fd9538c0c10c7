using System.Net;
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
        _ = await _forwarder.SendAsync(context, _destination, _client, ForwarderRequestConfig.Empty, _transformer);
    }

    public void Dispose() => _client.Dispose();
}
