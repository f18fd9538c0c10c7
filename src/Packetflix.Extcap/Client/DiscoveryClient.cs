using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Packetflix.Core.Targets;

namespace Packetflix.Extcap.Client;

/// <summary>Fetches the capture targets from <c>&lt;host&gt;/discover/mobyshark</c> (docs/protocol.md §12).</summary>
internal static class DiscoveryClient
{
    /// <summary>csharg's <c>DefaultServiceTimeout</c>.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    /// <summary>Returns the targets, each with <c>node-name</c> set to the service host, as csharg does.</summary>
    public static async Task<IReadOnlyList<CaptureTarget>> GetTargetsAsync(
        HostUrl host, ConnectionOptions options, CancellationToken cancellationToken) =>
        ParseTargets(await GetAsync(host, host.DiscoveryUri, options, cancellationToken), host.NodeName);

    /// <summary><c>GET &lt;host&gt;/json</c>, the embedded discovery's document (docs/discovery.md, "/json"): the only
    /// place that carries labels and pod membership.</summary>
    public static async Task<IReadOnlyList<LabelledTarget>> GetLabelledTargetsAsync(
        HostUrl host, ConnectionOptions options, CancellationToken cancellationToken) =>
        LabelledTarget.Parse(await GetAsync(host, new Uri(host.BaseUri, "json"), options, cancellationToken), host.ToString());

    private static async Task<string> GetAsync(HostUrl host, Uri uri, ConnectionOptions options, CancellationToken cancellationToken)
    {
        var check = new ServerCertificateCheck(options);
        using var handler = ClientHandler.Create(host, uri, options, check, Timeout);
        using var client = new HttpClient(handler) { Timeout = Timeout };
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        if (options.Token is { Length: > 0 } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        try
        {
            using var response = await client.SendAsync(request, cancellationToken);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                throw new ClientException(
                    $"{host}: authentication refused (HTTP {(int)response.StatusCode}); pass a valid token with --token or --token-file");
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new ClientException(
                    $"{uri}: discovery failed with HTTP {(int)response.StatusCode} {response.ReasonPhrase}"
                    + (response.StatusCode == HttpStatusCode.NotFound && uri == host.DiscoveryUri
                        ? " (is the service running with --proxy-discovery?)" : string.Empty));
            }

            return await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (HttpRequestException ex) when (check.Failure is { } failure)
        {
            throw new ClientException($"{host}: {failure}", ex);
        }
        catch (HttpRequestException ex)
        {
            throw new ClientException($"cannot reach the Packetflix service at {host}: {ex.Message}", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClientException($"the Packetflix service at {host} did not answer within {Timeout.TotalSeconds:0} s", ex);
        }
    }

    /// <summary>Parses <c>{"containers":[…]}</c>; entries that are not valid targets are skipped.</summary>
    public static IReadOnlyList<CaptureTarget> ParseTargets(string json, string nodeName)
    {
        var targets = new List<CaptureTarget>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("containers", out var containers)
                || containers.ValueKind != JsonValueKind.Array)
            {
                return targets;
            }

            foreach (var element in containers.EnumerateArray())
            {
                if (CaptureTargetJson.TryParse(element.GetRawText(), out var target, out _))
                {
                    target.NodeName = nodeName;
                    targets.Add(target);
                }
            }
        }
        catch (JsonException ex)
        {
            throw new ClientException($"invalid discovery answer: {ex.Message}", ex);
        }

        return targets;
    }
}
