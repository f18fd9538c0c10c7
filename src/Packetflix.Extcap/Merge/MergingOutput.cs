using System.Buffers;
using Packetflix.Extcap.Client;

namespace Packetflix.Extcap.Merge;

/// <summary>
/// The live side of <see cref="PcapngStreamMerger"/>: the hosts' connections hand their chunks in through
/// <see cref="Input"/> (one at a time, under a lock), a release loop writes held blocks when they are due, and
/// everything goes into one <see cref="PcapngBlockSink"/>, which counts packets and drops for the summary, stops at
/// <c>-c</c> and writes whole blocks only. A stop flushes what is held (it arrived before the stop) and from then on
/// only statistics blocks are written, as for one host.
/// </summary>
internal sealed class MergingOutput : IAsyncDisposable
{
    private readonly PcapngStreamMerger _merger;
    private readonly StopController _stop;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SemaphoreSlim _wake = new(0);
    private readonly CancellationTokenSource _end = new();
    private readonly ArrayBufferWriter<byte> _out = new(64 * 1024);
    private Task? _releaser;
    private bool _flushedAtStop;

    public MergingOutput(PcapngStreamMerger merger, PcapngBlockSink sink, StopController stop, TimeProvider time)
    {
        _merger = merger;
        Sink = sink;
        _stop = stop;
        _time = time;
    }

    public PcapngBlockSink Sink { get; }

    public PcapngStreamMerger Merger => _merger;

    /// <summary>Host <paramref name="host"/>'s input, for its <see cref="CaptureConnection"/>.</summary>
    public HostInput Input(int host) => new(this, host);

    public void Start() => _releaser ??= Task.Run(ReleaseLoopAsync);

    /// <summary>A chunk of host <paramref name="host"/>'s stream.</summary>
    public async ValueTask AddAsync(int host, ReadOnlyMemory<byte> chunk, bool statisticsOnly)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            if (statisticsOnly)
            {
                await FlushAtStopAsync();
            }

            var wasEmpty = _merger.Held == 0;
            _out.ResetWrittenCount();
            _merger.Add(host, chunk.Span, Now(), statisticsOnly || _flushedAtStop, _out);
            await WriteOutAsync();
            if (wasEmpty && _merger.Held > 0)
            {
                _wake.Release();
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Host <paramref name="host"/>'s connection is over; <paramref name="reason"/> is null when we stopped it.</summary>
    public async Task EndHostAsync(int host, string? reason)
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            var stopping = _stop.Stopping.IsCancellationRequested;
            if (stopping)
            {
                await FlushAtStopAsync();
            }

            _out.ResetWrittenCount();
            _merger.EndHost(host, reason, Now(), stopping, _out);
            await WriteOutAsync();
            _wake.Release();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Every host's connection is over: writes what is still held and ends the release loop.</summary>
    public async Task CompleteAsync()
    {
        await _gate.WaitAsync(CancellationToken.None);
        try
        {
            _out.ResetWrittenCount();
            _merger.Release(Now(), all: true, _out);
            await WriteOutAsync();
        }
        finally
        {
            _gate.Release();
        }

        await _end.CancelAsync();
        if (_releaser is not null)
        {
            await _releaser;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _end.CancelAsync();
        if (_releaser is not null)
        {
            await _releaser;
        }

        _end.Dispose();
        _gate.Dispose();
        _wake.Dispose();
    }

    /// <summary>Writes held blocks when they are due. Adding never makes the next due time earlier unless nothing was
    /// held (a new oldest block arrived later), so it sleeps until then, or until woken when something is held.</summary>
    private async Task ReleaseLoopAsync()
    {
        try
        {
            while (true)
            {
                TimeSpan? wait = null;
                await _gate.WaitAsync(_end.Token);
                try
                {
                    var now = Now();
                    _out.ResetWrittenCount();
                    _merger.Release(now, all: false, _out);
                    await WriteOutAsync();
                    if (_merger.NextDue is { } due)
                    {
                        wait = TimeSpan.FromTicks((long)((due > now ? due - now : 0) / 100)) + TimeSpan.FromMilliseconds(1);
                    }
                }
                finally
                {
                    _gate.Release();
                }

                if (wait is { } delay)
                {
                    await Task.Delay(delay, _time, _end.Token);
                }
                else
                {
                    await _wake.WaitAsync(_end.Token);
                }
            }
        }
        catch (OperationCanceledException) when (_end.IsCancellationRequested)
        {
            // Complete or dispose: CompleteAsync wrote what was left.
        }
    }

    /// <summary>At the stop: what is held arrived before it and is written (the sink still stops at <c>-c</c>).</summary>
    private async ValueTask FlushAtStopAsync()
    {
        if (_flushedAtStop)
        {
            return;
        }

        _flushedAtStop = true;
        _out.ResetWrittenCount();
        _merger.Release(Now(), all: true, _out);
        if (_out.WrittenCount > 0)
        {
            await Sink.WriteAsync(_out.WrittenMemory, CancellationToken.None);
        }
    }

    private async ValueTask WriteOutAsync()
    {
        if (_out.WrittenCount == 0)
        {
            return;
        }

        if (_flushedAtStop)
        {
            await Sink.WriteStatisticsOnlyAsync(_out.WrittenMemory, CancellationToken.None);
            return;
        }

        await Sink.WriteAsync(_out.WrittenMemory, CancellationToken.None);
        if (Sink.OutputBroken)
        {
            _stop.RequestStop("output closed");
        }
        else if (Sink.LimitReached)
        {
            _stop.RequestStop("packet count reached");
        }
    }

    /// <summary>Nanoseconds since 1970 by the wall clock: the arrival time the window counts from, and the time of the
    /// statistics blocks the merge writes itself.</summary>
    private ulong Now() => (ulong)(_time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100UL;
}
