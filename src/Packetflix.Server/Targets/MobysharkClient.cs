using Packetflix.Core.Targets;

namespace Packetflix.Server.Targets;

/// <summary>Fetches targets from a Ghostwire-compatible discovery service (<c>GET http://host:port/mobyshark</c>).</summary>
internal sealed class MobysharkClient : ITargetDirectory
{
    /// <summary>Upstream's DiscoveryDeadline.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly HttpClient _http;
    private readonly Uri _uri;

    public MobysharkClient(HttpClient http, Uri discoveryBaseUri)
    {
        _http = http;
        _uri = new Uri(discoveryBaseUri, "mobyshark");
    }

    public async Task<TargetListResult> ListAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Deadline);
        try
        {
            using var response = await _http.GetAsync(_uri, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                return new TargetListResult(null, $"GET {_uri} answered {(int)response.StatusCode} {response.ReasonPhrase}");
            }

            var body = await response.Content.ReadAsByteArrayAsync(timeout.Token);
            return CaptureTargetJson.TryParseList(body, out var targets, out var error)
                ? new TargetListResult(targets, null)
                : new TargetListResult(null, $"GET {_uri}: invalid JSON: {error}");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TargetListResult(null, $"GET {_uri}: no answer within {Deadline.TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            return new TargetListResult(null, $"GET {_uri}: {ex.Message}");
        }
    }
}
