using System.Net;
using System.Text;

namespace Packetflix.Server.Ui;

/// <summary>
/// Serves the web UI: the page at <c>/</c> (when the service is not proxying Ghostwire, which owns <c>/</c> then)
/// and at <c>/ui/</c> (always), and its files under <c>/ui/</c>. The page's base is the service root, so it
/// talks to <c>json</c>, <c>capture</c> and <c>capture.pcapng</c> relative to wherever the service is hosted.
/// </summary>
internal sealed class UiEndpoint
{
    public const string AssetPrefix = "/ui/";

    private const string IndexPath = "index.html";

    /// <summary>Everything comes from us: no CDN, no inline script; WebSockets to the same origin only.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'";

    /// <summary>The base element of index.html that <see cref="ForwardedBase"/> replaces.</summary>
    private const string BasePlaceholder = "<base href=\"./\">";

    private readonly UiAssets _assets;

    public UiEndpoint(UiAssets assets) => _assets = assets;

    public static bool IsUiPath(string? path) => path is not null && path.StartsWith(AssetPrefix, StringComparison.Ordinal);

    public Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, HEAD";
            return Task.CompletedTask;
        }

        var path = request.Path.Value ?? "/";
        if (path is "/" or AssetPrefix)
        {
            return WriteIndexAsync(context);
        }

        var asset = path.EndsWith('/') ? null : _assets.Find(path[1..]);
        if (asset is null || asset.Path == IndexPath)
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync("404 page not found\n", context.RequestAborted);
        }

        return WriteAssetAsync(context, asset);
    }

    private Task WriteIndexAsync(HttpContext context)
    {
        var index = _assets.Find(IndexPath) ?? throw new InvalidOperationException("the UI's index.html is not embedded");
        var baseHref = WebUtility.HtmlEncode(ForwardedBase.For(context.Request));
        var html = Encoding.UTF8.GetString(index.Content).Replace(BasePlaceholder, $"<base href=\"{baseHref}\">", StringComparison.Ordinal);
        var body = Encoding.UTF8.GetBytes(html);
        var response = context.Response;
        response.ContentType = index.ContentType;
        response.Headers.CacheControl = "no-cache";
        SecurityHeaders(response);
        response.ContentLength = body.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(body, context.RequestAborted).AsTask();
    }

    private static Task WriteAssetAsync(HttpContext context, UiAsset asset)
    {
        var response = context.Response;
        response.Headers.ETag = asset.ETag;
        // Revalidate every time: the ETag makes that a 304, and an upgraded binary never serves stale modules.
        response.Headers.CacheControl = "no-cache";
        SecurityHeaders(response);
        if (context.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }

        response.ContentType = asset.ContentType;
        response.ContentLength = asset.Content.Length;
        return HttpMethods.IsHead(context.Request.Method) ? Task.CompletedTask : response.Body.WriteAsync(asset.Content, context.RequestAborted).AsTask();
    }

    private static void SecurityHeaders(HttpResponse response)
    {
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers["Referrer-Policy"] = "no-referrer";
    }
}
