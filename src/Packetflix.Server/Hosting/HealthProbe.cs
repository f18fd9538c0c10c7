using System.Net;

namespace Packetflix.Server.Hosting;

/// <summary>
/// <c>packetflix probe URL</c>: GETs a loopback health URL and exits 0 on 200, 1 otherwise. For Kubernetes exec
/// probes and container health checks: the image has no shell or curl, and the service listens on loopback,
/// which the kubelet's HTTP probes (sent to the pod IP) cannot reach.
/// </summary>
internal static class HealthProbe
{
    public const string Command = "probe";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public static async Task<int> RunAsync(string url)
    {
        // Only loopback: this is a probe of our own listener, not a general HTTP client.
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not "http"
            || !(uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip))))
        {
            await Console.Error.WriteLineAsync($"packetflix: probe needs a loopback http URL, not \"{url}\"");
            return 2;
        }

        using var handler = new SocketsHttpHandler { UseProxy = false };
        using var http = new HttpClient(handler) { Timeout = Timeout };
        try
        {
            using var response = await http.GetAsync(uri);
            var body = (await response.Content.ReadAsStringAsync()).Trim();
            if (response.StatusCode == HttpStatusCode.OK)
            {
                await Console.Out.WriteLineAsync(body);
                return 0;
            }

            await Console.Error.WriteLineAsync($"packetflix: {uri} answered {(int)response.StatusCode}: {body}");
            return 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            await Console.Error.WriteLineAsync($"packetflix: {uri}: {e.Message}");
            return 1;
        }
    }
}
