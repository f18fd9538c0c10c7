using System.Text.Json;
using Grpc.Net.Client;
using Packetflix.Discovery.Engines.Protos.Cri;

namespace Packetflix.Discovery.Engines.Cri;

/// <summary>The CRI <c>runtime.v1.RuntimeService</c> calls discovery needs (containerd's CRI plugin, CRI-O).</summary>
internal sealed class CriApi : IDisposable
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private readonly GrpcChannel _channel;
    private readonly RuntimeService.RuntimeServiceClient _client;
    private readonly TimeProvider _timeProvider;

    public CriApi(string socketPath, TimeProvider timeProvider)
    {
        SocketPath = socketPath;
        _timeProvider = timeProvider;
        _channel = GrpcUnixChannel.Create(socketPath);
        _client = new RuntimeService.RuntimeServiceClient(_channel);
    }

    public string SocketPath { get; }

    public Task<VersionResponse> VersionAsync(CancellationToken cancellationToken) =>
        _client.VersionAsync(new VersionRequest { Version = "v1" }, deadline: Deadline(), cancellationToken: cancellationToken).ResponseAsync;

    public async Task<IReadOnlyList<PodSandbox>> PodSandboxesAsync(CancellationToken cancellationToken) =>
        (await _client.ListPodSandboxAsync(new ListPodSandboxRequest(), deadline: Deadline(), cancellationToken: cancellationToken)).Items;

    public async Task<IReadOnlyList<Container>> ContainersAsync(CancellationToken cancellationToken) =>
        (await _client.ListContainersAsync(new ListContainersRequest(), deadline: Deadline(), cancellationToken: cancellationToken)).Containers;

    /// <summary>The sandbox's PID from the verbose status info; 0 when unknown.</summary>
    public async Task<int> SandboxPidAsync(string id, CancellationToken cancellationToken)
    {
        var reply = await _client.PodSandboxStatusAsync(
            new PodSandboxStatusRequest { PodSandboxId = id, Verbose = true }, deadline: Deadline(), cancellationToken: cancellationToken);
        return PidFromInfo(reply.Info);
    }

    /// <summary>The container's PID from the verbose status info; 0 when unknown.</summary>
    public async Task<int> ContainerPidAsync(string id, CancellationToken cancellationToken)
    {
        var reply = await _client.ContainerStatusAsync(
            new ContainerStatusRequest { ContainerId = id, Verbose = true }, deadline: Deadline(), cancellationToken: cancellationToken);
        return PidFromInfo(reply.Info);
    }

    /// <summary>containerd and CRI-O put a JSON document with a top-level <c>pid</c> under the key <c>info</c>.</summary>
    public static int PidFromInfo(IReadOnlyDictionary<string, string> info)
    {
        if (!info.TryGetValue("info", out var json))
        {
            return 0;
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("pid", out var pid)
                && pid.ValueKind == JsonValueKind.Number
                && pid.TryGetInt32(out var value) ? value : 0;
        }
        catch (JsonException)
        {
            return 0;
        }
    }

    public void Dispose() => _channel.Dispose();

    private DateTime Deadline() => _timeProvider.GetUtcNow().UtcDateTime + CallTimeout;
}
