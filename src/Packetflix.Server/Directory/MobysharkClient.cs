using System.Net.Http.Json;
using System.Text.Json;

namespace Packetflix.Server.Directory;

/// <summary>Fetches targets from a Ghostwire-compatible discovery service (<c>GET http://host:port/mobyshark</c>).</summary>
internal sealed class MobysharkClient : ITargetDirectory
{
    /// <summary>Upstream's DiscoveryDeadline.</summary>
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    private readonly HttpClient _http;
    private readonly Uri _uri;

    public MobysharkClient(HttpClient http, string host, ushort port)
    {
        _http = http;
        var h = host.Contains(':', StringComparison.Ordinal) && !host.StartsWith('[') ? $"[{host}]" : host;
        _uri = new Uri($"http://{h}:{port}/mobyshark");
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

            var document = await response.Content.ReadFromJsonAsync(ServerJsonContext.Default.MobysharkDocument, timeout.Token);
            return new TargetListResult(document?.Containers ?? [], null);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new TargetListResult(null, $"GET {_uri}: no answer within {Deadline.TotalSeconds:0} s");
        }
        catch (HttpRequestException ex)
        {
            return new TargetListResult(null, $"GET {_uri}: {ex.Message}");
        }
        catch (JsonException ex)
        {
            return new TargetListResult(null, $"GET {_uri}: invalid JSON: {ex.Message}");
        }
    }
}
