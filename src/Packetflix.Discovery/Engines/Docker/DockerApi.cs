using System.Net;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Packetflix.Discovery.Engines.Docker;

/// <summary>
/// The few Docker Engine API calls discovery needs, over the engine's unix socket, unversioned paths (Docker and podman's
/// compatible API both serve them). Every call but the event stream is bounded by <see cref="CallTimeout"/>.
/// </summary>
internal sealed class DockerApi : IDisposable
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The largest answer read: a list of thousands of containers is a few MiB.</summary>
    public const int MaxResponseBytes = 64 * 1024 * 1024;

    // Container lifecycle events only; the watcher re-inspects the container on each.
    private const string EventsPath = "/events?filters=%7B%22type%22%3A%5B%22container%22%5D%7D";

    private readonly HttpClient _http;

    public DockerApi(string socketPath)
    {
        SocketPath = socketPath;
        _http = new HttpClient(UnixSocketHttp.CreateHandler(socketPath, TimeSpan.FromSeconds(5)))
        {
            BaseAddress = new Uri("http://docker"),
            Timeout = Timeout.InfiniteTimeSpan,
            // Every call but the event stream reads its whole answer first, within this: a hostile "engine" (any process
            // named dockerd or podman is probed) cannot make us buffer gigabytes within the call's deadline.
            MaxResponseContentBufferSize = MaxResponseBytes,
        };
    }

    public string SocketPath { get; }

    /// <summary>True when /_ping answers 200 "OK".</summary>
    public async Task<bool> PingAsync(CancellationToken cancellationToken)
    {
        using var deadline = Deadline(cancellationToken);
        using var response = await _http.GetAsync("/_ping", deadline.Token);
        var body = await response.Content.ReadAsStringAsync(deadline.Token);
        return response.StatusCode == HttpStatusCode.OK && body.Trim() == "OK";
    }

    public Task<DockerVersion?> VersionAsync(CancellationToken cancellationToken) =>
        GetJsonAsync("/version", DockerJsonContext.Default.DockerVersion, cancellationToken);

    public Task<DockerSystemInfo?> InfoAsync(CancellationToken cancellationToken) =>
        GetJsonAsync("/info", DockerJsonContext.Default.DockerSystemInfo, cancellationToken);

    public async Task<IReadOnlyList<DockerContainerSummary>> ListAsync(CancellationToken cancellationToken) =>
        await GetJsonAsync("/containers/json", DockerJsonContext.Default.IReadOnlyListDockerContainerSummary, cancellationToken) ?? [];

    /// <summary>The container's inspection; null when it no longer exists.</summary>
    public Task<DockerContainerInspect?> InspectAsync(string id, CancellationToken cancellationToken) =>
        GetJsonAsync($"/containers/{Uri.EscapeDataString(id)}/json", DockerJsonContext.Default.DockerContainerInspect, cancellationToken);

    /// <summary>Opens the event stream (newline-delimited JSON); returns once the engine sent the response headers.</summary>
    public async Task<Stream> OpenEventsAsync(CancellationToken cancellationToken)
    {
        var response = await _http.GetAsync(EventsPath, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        try
        {
            response.EnsureSuccessStatusCode();
            return await response.Content.ReadAsStreamAsync(cancellationToken);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    public void Dispose() => _http.Dispose();

    private async Task<T?> GetJsonAsync<T>(string path, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
        where T : class
    {
        using var deadline = Deadline(cancellationToken);
        using var response = await _http.GetAsync(path, deadline.Token);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync(deadline.Token);
        return await JsonSerializer.DeserializeAsync(body, typeInfo, deadline.Token);
    }

    private static CancellationTokenSource Deadline(CancellationToken cancellationToken)
    {
        var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(CallTimeout);
        return deadline;
    }
}
