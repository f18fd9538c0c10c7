using Packetflix.Extcap.Client;

namespace Packetflix.Extcap.Merge;

/// <summary>One host's connection's sink in a merge: its chunks go to the shared <see cref="MergingOutput"/>.</summary>
internal sealed class HostInput(MergingOutput output, int host) : ICaptureSink
{
    public bool LimitReached => output.Sink.LimitReached;

    public bool OutputBroken => output.Sink.OutputBroken;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken) =>
        output.AddAsync(host, chunk, statisticsOnly: false);

    public ValueTask WriteStatisticsOnlyAsync(ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken) =>
        output.AddAsync(host, chunk, statisticsOnly: true);
}
