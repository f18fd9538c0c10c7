using System.Buffers;
using System.IO.Pipelines;
using Microsoft.Extensions.Logging;
using Packetflix.Linux;

namespace Packetflix.Capture;

/// <summary>
/// One consumer's live capture: a bounded pipe of whole pcapng blocks (SHB, IDBs, EPBs, ISBs) fed by a capture thread
/// that reads libpcap handles on one or more network namespaces. Sessions of one target with the same capture settings
/// can share one capture (<see cref="SharedCaptures"/>): one kernel ring and one read per packet, a stream each. When a
/// consumer is slower than the traffic its pipe pauses; a capture whose streams are all paused stops reading its kernel
/// rings, which absorb the burst, and when they overflow the kernel drops and counts; a paused stream among running
/// ones counts what it misses. The counts reach the consumer in interface statistics blocks: memory stays bounded and
/// no loss is silent.
/// </summary>
public sealed class CaptureSession : IAsyncDisposable
{
    private readonly CaptureEngine _engine;
    private readonly CaptureOutput _output;
    private int _disposed;

    internal CaptureSession(CaptureEngine engine, CaptureOutput output)
    {
        _engine = engine;
        _output = output;
    }

    /// <summary>Short id used in log lines.</summary>
    public string Id => _output.Id;

    /// <summary>The pcapng byte stream; every flushed buffer ends on a block boundary.</summary>
    public PipeReader Output => _output.Reader;

    /// <summary>Completes when this session's stream ended (its capture thread ended, or it left a capture that others
    /// share); the stream's handles are then released or left to the others.</summary>
    public Task<CaptureEnd> Completion => _output.Completion;

    /// <summary>Names of the captured interfaces, in IDB order.</summary>
    public IReadOnlyList<string> InterfaceNames => [.. _engine.Interfaces.Select(i => i.Name)];

    /// <summary>How many interfaces the section has so far (IDBs written); grows when a target rejoins.</summary>
    public int InterfaceCount => _output.InterfaceCount;

    /// <summary>The comment of the first ISB of each interface of a target that rejoined.</summary>
    public static string RejoinedComment(string label, ulong inode, ulong previous) =>
        CaptureEngine.RejoinedComment(label, inode, previous);

    /// <summary>Opens the target's namespace (checking that it is the one meant: inode, and pid with start time when
    /// given), then starts a capture on it that owns the namespace fd and watches the namespace until the end. With
    /// <paramref name="shared"/>, a running capture of the same namespace, interfaces and settings is joined instead.</summary>
    public static async Task<CaptureStartResult> OpenAsync(string id, CaptureNamespace target, IReadOnlyList<string> interfaces,
        string? description, CaptureOptions options, NetnsLocator locator, TimeProvider time, ILogger logger,
        SharedCaptures? shared = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(options);
        var open = NetnsHandle.Open(target.Inode, target.Pid, target.StartTime, locator);
        if (open.Status != NetnsOpenStatus.Opened)
        {
            return open.Status == NetnsOpenStatus.NotFound
                ? new CaptureStartResult(null, CaptureNamespace.ErrorNotFound, CaptureErrorKind.TargetNotFound)
                : new CaptureStartResult(null, CaptureNamespace.ErrorCannotLock, CaptureErrorKind.TargetNotLockable);
        }

        var netns = open.Handle!;
        var output = new CaptureOutput(id, options, description, time, logger);
        var key = new SharedCaptureKey(netns.Inode, string.Join('\n', interfaces), options);
        SharedCaptureClaim? claim = null;
        CaptureEngine? engine = null;
        try
        {
            if (shared is not null)
            {
                claim = await shared.ClaimAsync(key, output);
                if (claim.Value.Joined is { } joined)
                {
                    // The namespace was checked; the running capture holds its own fd of it.
                    netns.Dispose();
                    return new CaptureStartResult(new CaptureSession(joined, output), null);
                }
            }

            (engine, var error, var kind) = await CaptureEngine.OpenAsync(id, [new CaptureSource(netns, interfaces, description)],
                options, locator, time, logger);
            if (engine is null)
            {
                netns.Dispose();
                return new CaptureStartResult(null, error, kind);
            }

            engine.Start(output, [netns]);
            return new CaptureStartResult(new CaptureSession(engine, output), null);
        }
        catch
        {
            if (engine is null)
            {
                netns.Dispose();
            }

            throw;
        }
        finally
        {
            if (claim is { Opening: not null } opener)
            {
                shared!.Opened(key, opener, engine);
            }
        }
    }

    /// <summary>Opens every interface of every source (each on a thread inside its namespace), then starts the capture
    /// thread. Nothing is left open when it fails; the sources' namespaces stay the caller's.</summary>
    public static async Task<CaptureStartResult> StartAsync(string id, IReadOnlyList<CaptureSource> sources, CaptureOptions options,
        NetnsLocator locator, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var (engine, error, kind) = await CaptureEngine.OpenAsync(id, sources, options, locator, time, logger);
        if (engine is null)
        {
            return new CaptureStartResult(null, error, kind);
        }

        var output = new CaptureOutput(id, options, description: null, time, logger);
        engine.Start(output, []);
        return new CaptureStartResult(new CaptureSession(engine, output), null);
    }

    /// <summary>Opens every target in order (docs/api.md, "Several targets"). A target that fails fails the whole start (its
    /// label in the error), or with <paramref name="partial"/> is left out and reported; <paramref name="sectionComment"/>
    /// then builds the SHB comment from what was opened and what was not. Nothing is left open when no session starts.</summary>
    public static Task<CaptureManyStartResult> OpenManyAsync(string id, IReadOnlyList<CaptureTargetSource> targets,
        bool partial, Func<IReadOnlyList<CaptureTargetOpened>, IReadOnlyList<CaptureTargetFailure>, string?> sectionComment,
        CaptureOptions options, NetnsLocator locator, TimeProvider time, ILogger logger) =>
        CaptureEngine.OpenManyAsync(id, targets, partial, sectionComment, options, locator, time, logger);

    /// <summary>Asks the capture to end this session's stream; idempotent. The stream then completes after the blocks
    /// already written; a consumer that wants the final statistics calls <see cref="WriteFinalStatistics"/> after it
    /// handed those over. A capture that other sessions share goes on for them.</summary>
    public void Stop() => _output.RequestStop();

    /// <summary>The consumer handed <paramref name="packets"/>[id] Enhanced Packet Blocks of interface id
    /// (<paramref name="bytes"/>[id] bytes of blocks) to its client. Called by one consumer at a time, after each
    /// message it sent.</summary>
    public void RecordDelivered(ReadOnlySpan<long> packets, ReadOnlySpan<long> bytes) => _output.RecordDelivered(packets, bytes);

    /// <summary>After <see cref="Completion"/>, once the consumer handed over (or gave up on) everything it will:
    /// settles the counts (what was written but not handed over is dropped, cause session-end) and writes every
    /// interface's final statistics block, whose <c>isb_usrdeliv</c> is exactly what the client received before it.</summary>
    public void WriteFinalStatistics(IBufferWriter<byte> writer) => _output.WriteFinalStatistics(writer, _engine.Interfaces);

    /// <summary>A snapshot of every interface's counters, as this session's stream counts them.</summary>
    public IReadOnlyList<InterfaceCounters> Statistics() => _output.Statistics(_engine.Interfaces);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Stop();
        // The capture thread notices the stop within one poll timeout and ends the stream (and the capture, when no
        // other stream shares it, releasing every handle itself).
        await _output.Completion;
        if (_output.EndedWithCapture)
        {
            await _engine.Released;
        }

        await _output.Reader.CompleteAsync();
        _output.Settle(_engine.Interfaces);
    }
}
