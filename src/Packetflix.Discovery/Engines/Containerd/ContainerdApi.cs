using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Packetflix.Discovery.Engines.Protos.Containerd.Containers;
using Packetflix.Discovery.Engines.Protos.Containerd.Events;
using Packetflix.Discovery.Engines.Protos.Containerd.Namespaces;
using Packetflix.Discovery.Engines.Protos.Containerd.Tasks;
using NamespacesClient = Packetflix.Discovery.Engines.Protos.Containerd.Namespaces.Namespaces.NamespacesClient;
using VersionClient = Packetflix.Discovery.Engines.Protos.Containerd.Version.Version.VersionClient;

namespace Packetflix.Discovery.Engines.Containerd;

/// <summary>containerd's native gRPC API, the calls discovery needs. Namespaced calls carry the
/// <c>containerd-namespace</c> metadata header, as containerd's own client does.</summary>
internal sealed class ContainerdApi : IDisposable
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(5);

    private readonly GrpcChannel _channel;
    private readonly TimeProvider _timeProvider;

    public ContainerdApi(string socketPath, TimeProvider timeProvider)
    {
        SocketPath = socketPath;
        _timeProvider = timeProvider;
        _channel = GrpcUnixChannel.Create(socketPath);
    }

    public string SocketPath { get; }

    public async Task<string> VersionAsync(CancellationToken cancellationToken)
    {
        var reply = await new VersionClient(_channel).VersionAsync(new Empty(), deadline: Deadline(), cancellationToken: cancellationToken);
        return reply.Version;
    }

    public async Task<IReadOnlyList<string>> NamespacesAsync(CancellationToken cancellationToken)
    {
        var reply = await new NamespacesClient(_channel).ListAsync(
            new ListNamespacesRequest(), deadline: Deadline(), cancellationToken: cancellationToken);
        return [.. reply.Namespaces.Select(n => n.Name)];
    }

    public async Task<IReadOnlyList<Container>> ContainersAsync(string ns, CancellationToken cancellationToken)
    {
        var reply = await new Containers.ContainersClient(_channel).ListAsync(
            new ListContainersRequest(), Headers(ns), Deadline(), cancellationToken);
        return reply.Containers;
    }

    public async Task<IReadOnlyList<Process>> TasksAsync(string ns, CancellationToken cancellationToken)
    {
        var reply = await new Tasks.TasksClient(_channel).ListAsync(new ListTasksRequest(), Headers(ns), Deadline(), cancellationToken);
        return reply.Tasks;
    }

    /// <summary>Task lifecycle events of every namespace.</summary>
    public AsyncServerStreamingCall<Envelope> SubscribeTasks(CancellationToken cancellationToken) =>
        new Events.EventsClient(_channel).Subscribe(
            new SubscribeRequest { Filters = { "topic~=\"/tasks/\"" } }, cancellationToken: cancellationToken);

    public void Dispose() => _channel.Dispose();

    private static Metadata Headers(string ns) => new() { { "containerd-namespace", ns } };

    private DateTime Deadline() => _timeProvider.GetUtcNow().UtcDateTime + CallTimeout;
}
