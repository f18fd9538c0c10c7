using Yarp.ReverseProxy.Forwarder;

namespace Packetflix.Server.Proxy;

/// <summary>Upstream's proxy Director (docs/protocol.md §3): only <c>/discover/mobyshark</c> is rewritten, and the
/// <c>Enable-Monolith</c> header tells Ghostwire's UI to show its capture buttons.</summary>
internal sealed class DiscoveryProxyTransformer : HttpTransformer
{
    /// <summary>Upstream's CaptureEnableHeader; Ghostwire only checks that it is present.</summary>
    public const string EnableMonolithHeader = "Enable-Monolith";

    public const string EnableMonolithValue = "Affirmative, Dave";

    public override async ValueTask TransformRequestAsync(HttpContext httpContext, HttpRequestMessage proxyRequest,
        string destinationPrefix, CancellationToken cancellationToken)
    {
        await base.TransformRequestAsync(httpContext, proxyRequest, destinationPrefix, cancellationToken);
        var path = httpContext.Request.Path;
        if (path.Equals("/discover/mobyshark", StringComparison.Ordinal))
        {
            path = "/mobyshark";
        }

        proxyRequest.RequestUri = RequestUtilities.MakeDestinationAddress(destinationPrefix, path, httpContext.Request.QueryString);
        proxyRequest.Headers.Remove(EnableMonolithHeader);
        proxyRequest.Headers.TryAddWithoutValidation(EnableMonolithHeader, EnableMonolithValue);
        // The Host header names the discovery service, as Go's proxy does.
        proxyRequest.Headers.Host = null;
    }
}
