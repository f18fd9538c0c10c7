using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Packetflix.Discovery.Engines.Docker;

/// <summary>
/// Docker's (or podman's Docker-compatible) containers, kept warm from the /events stream: subscribe first, then list and
/// inspect, then re-inspect each container an event names (whalewatcher's order, so no change is lost). If the event
/// stream cannot be opened, the watcher falls back to listing every <see cref="PollInterval"/>.
/// </summary>
internal sealed class DockerWatcher : EngineWatcher
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);

    // Some engines send the event stream's headers only with the first event; do not hold the first list for them.
    private static readonly TimeSpan EventsHeaderWait = TimeSpan.FromSeconds(1);

    private static readonly HashSet<string> RelevantActions = new(StringComparer.Ordinal)
    {
        "start", "restart", "die", "died", "stop", "kill", "pause", "unpause", "destroy", "remove", "cleanup", "init",
    };

    private readonly DockerApi _api;

    public DockerWatcher(EngineInfo info, DockerApi api, string containerType, ILogger logger, TimeProvider timeProvider)
        : base(info, containerType, logger, timeProvider)
    {
        _api = api;
    }

    protected override async Task WatchAsync(CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var eventsTask = _api.OpenEventsAsync(session.Token);
        try
        {
            await Task.WhenAny(eventsTask, Task.Delay(EventsHeaderWait, TimeProvider, cancellationToken));
            await ListAllAsync(cancellationToken);
            MarkSynced();

            Stream events;
            try
            {
                events = await eventsTask;
            }
            catch (Exception e) when (e is HttpRequestException or IOException)
            {
                EngineLog.Polling(Logger, Info.Type, Info.Id, e.Message);
                await PollAsync(cancellationToken);
                return;
            }

            await using (events)
            {
                await FollowAsync(events, cancellationToken);
            }
        }
        finally
        {
            await session.CancelAsync();
            // Observe a late failure, and close a stream that was opened but never followed.
            _ = eventsTask.ContinueWith(
                t =>
                {
                    if (t.IsCompletedSuccessfully)
                    {
                        t.Result.Dispose();
                    }

                    return t.Exception;
                },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    protected override void DisposeResources() => _api.Dispose();

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await Task.Delay(PollInterval, TimeProvider, cancellationToken);
            await ListAllAsync(cancellationToken);
        }
    }

    private async Task FollowAsync(Stream events, CancellationToken cancellationToken)
    {
        await foreach (var line in EventLines.ReadAsync(events, cancellationToken))
        {
            if (line.AsSpan().Trim("\r "u8).IsEmpty)
            {
                continue;
            }

            DockerEvent? change;
            try
            {
                change = JsonSerializer.Deserialize(line, DockerJsonContext.Default.DockerEvent);
            }
            catch (JsonException)
            {
                // A garbled event tells nothing reliable: list everything again.
                await ListAllAsync(cancellationToken);
                continue;
            }

            var id = change?.Actor?.Id ?? change?.LegacyId;
            if (change?.Type is "container" && id is not null && change.Action is { } action
                && RelevantActions.Contains(action.Split(':')[0]))
            {
                await RefreshAsync(id, cancellationToken);
            }
        }
    }

    private async Task ListAllAsync(CancellationToken cancellationToken)
    {
        var containers = new List<EngineContainer>();
        foreach (var summary in await _api.ListAsync(cancellationToken))
        {
            if (summary.Id is { Length: > 0 } id && ToContainer(await _api.InspectAsync(id, cancellationToken)) is { } container)
            {
                containers.Add(container);
            }
        }

        ReplaceScope("", containers);
    }

    private async Task RefreshAsync(string id, CancellationToken cancellationToken)
    {
        var container = ToContainer(await _api.InspectAsync(id, cancellationToken));
        if (container is null)
        {
            Remove(id);
        }
        else
        {
            Upsert(container);
        }
    }

    /// <summary>Alive containers only: a container whose PID is 0 is not running (whalewatcher skips it too).</summary>
    private static EngineContainer? ToContainer(DockerContainerInspect? inspect)
    {
        if (inspect?.Id is not { Length: > 0 } id || inspect.State is not { Pid: > 0 } state)
        {
            return null;
        }

        var name = (inspect.Name ?? id).TrimStart('/');
        var labels = inspect.Config?.Labels ?? new Dictionary<string, string>();
        return new EngineContainer(id, id, name, state.Pid, state.Paused, labels)
        {
            Ports = DockerPublishedPorts.FromInspect(inspect.NetworkSettings),
        };
    }
}
