using System.Buffers;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Connections;
using Packetflix.Capture;
using Packetflix.Core.Pcapng;
using Packetflix.Server.Hosting;

namespace Packetflix.Server.CaptureApi;

internal sealed partial class CaptureEndpoint
{
    /// <summary>Largest WebSocket message we send. Large enough that per-message cost does not dominate
    /// (docs/benchmarks.md), small enough that browsers and gorilla clients handle it comfortably.</summary>
    internal const int MaxMessageBytes = 1024 * 1024;

    /// <summary>How long a shutting-down or closing connection waits for the data already in flight.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(2);

    private async Task StreamAsync(string id, WebSocket ws, FrameSender frames, CaptureSession session, Task<ReceiveOutcome> receive)
    {
        var send = SendAsync(frames, session);
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var registration = _stopping.Register(() => stopping.TrySetResult());
        var first = await Task.WhenAny(receive, send, stopping.Task);
        if (first == send && await send == SendOutcome.Completed)
        {
            var end = await session.Completion;
            await SendFinalStatisticsAsync(ws, session);
            var status = end.Kind is CaptureEndKind.Stopped ? WebSocketCloseStatus.NormalClosure : ErrorStatus;
            await CloseAsync(id, ws, receive, status, end.Reason);
            return;
        }

        // Let the message in flight finish, then drop what is still buffered (cause session-end) and tell the
        // client exactly what it got in the final statistics blocks, written only now.
        session.Stop();
        session.Output.CancelPendingRead();
        var sent = await Task.WhenAny(send, Task.Delay(DrainTimeout, _time, CancellationToken.None)) == send
            && await send != SendOutcome.SocketFailed;
        if (!sent)
        {
            // A send the client does not take: nothing more can go out on this socket.
            ws.Abort();
            await send;
        }

        await session.Output.CompleteAsync();
        await session.Completion;
        if (first == receive)
        {
            var outcome = await receive;
            if (sent && (outcome.CloseReceived || outcome.TooBig))
            {
                await SendFinalStatisticsAsync(ws, session);
            }

            await ReceiveEndedAsync(id, ws, outcome);
        }
        else if (first == stopping.Task && sent)
        {
            await SendFinalStatisticsAsync(ws, session);
            await CloseAsync(id, ws, receive, WebSocketCloseStatus.EndpointUnavailable, "server shutting down");
        }
        else
        {
            ws.Abort();
        }
    }

    /// <summary>One message with every interface's final statistics block, after the data before it was handed
    /// over or dropped.</summary>
    private static async Task SendFinalStatisticsAsync(WebSocket ws, CaptureSession session)
    {
        var blocks = new ArrayBufferWriter<byte>();
        session.WriteFinalStatistics(blocks);
        if (ws.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        try
        {
            await ws.SendAsync(blocks.WrittenMemory, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).AsTask()
                .WaitAsync(ClosingDeadline);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or TimeoutException or ConnectionAbortedException
            or ObjectDisposedException)
        {
            ws.Abort();
        }
    }

    /// <summary>Pipe → socket. Every buffer the capture flushed ends on a block boundary, and messages are cut
    /// only between blocks, so each binary message holds whole pcapng blocks.</summary>
    private static async Task<SendOutcome> SendAsync(FrameSender frames, CaptureSession session)
    {
        var reader = session.Output;
        var counter = new MessageCounter();
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                if (result.IsCanceled)
                {
                    return SendOutcome.Canceled;
                }

                var buffer = result.Buffer;
                while (!buffer.IsEmpty)
                {
                    var message = counter.Next(buffer, session.InterfaceCount);
                    await frames.SendBinaryAsync(message);
                    counter.Record(session);
                    buffer = buffer.Slice(message.Length);
                }

                reader.AdvanceTo(result.Buffer.End);
                if (result.IsCompleted)
                {
                    return SendOutcome.Completed;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ConnectionAbortedException
            or ObjectDisposedException)
        {
            return SendOutcome.SocketFailed;
        }
    }

    /// <summary>The next message (<see cref="MessageLength"/>). One that ends where the first segment does is that
    /// segment's memory: <c>Slice</c> would end it at the start of the next segment, a two-segment sequence that the
    /// send path writes in two parts and the counting walks the slow way.</summary>
    internal static ReadOnlySequence<byte> NextMessage(ReadOnlySequence<byte> buffer)
    {
        var length = MessageLength(buffer);
        var first = buffer.First;
        return length <= first.Length ? new ReadOnlySequence<byte>(first[..(int)length]) : buffer.Slice(0, length);
    }

    /// <summary>Length of the next message: the whole blocks of the buffer's first segment when they end exactly
    /// there, else the longest run of whole blocks that fits in one message (at least one block).
    /// Every block is written with one <c>GetSpan</c> (PcapngBlockWriter), so no block straddles a pipe segment and a
    /// message cut at a segment's end goes to the socket as it lies in the pipe, in one write. The sender takes that
    /// usual case in <see cref="MessageCounter"/>, walking the segment once to check it and count its packets; this is
    /// the rest. pcapng §3.1: the block total length sits at offset 4; we only ever write little-endian sections.</summary>
    internal static long MessageLength(ReadOnlySequence<byte> buffer)
    {
        if (buffer.IsSingleSegment && buffer.Length <= MaxMessageBytes)
        {
            return buffer.Length;
        }

        long firstSegment = buffer.First.Length;
        var walker = PipeBlocks.Walk(buffer);
        while (walker.Consumed < buffer.Length)
        {
            var offset = walker.Consumed;
            if (offset > 0 && offset == firstSegment)
            {
                return offset;
            }

            if (walker.ReadNext(out var block) != PcapngWalkStatus.Block)
            {
                return buffer.Length;
            }

            if (offset > 0 && offset + block.TotalLength > MaxMessageBytes)
            {
                return offset;
            }
        }

        return walker.Consumed;
    }

    /// <summary>Reads and discards client data messages (upstream does the same) until a close frame or an error.
    /// We need nothing from a client but its close frame, so a message (all its fragments) longer than
    /// <paramref name="maxMessageBytes"/> ends the loop: RFC 6455 §7.4.1 1009, "a message that is too big for it to
    /// process". It is counted as it arrives, so at most one buffer more than the limit is ever read; and a frame whose
    /// header announces more than the limit ends it at once (<paramref name="tooBig"/>, from <see cref="ClientFrameGuard"/>).</summary>
    private static async Task<ReceiveOutcome> ReceiveUntilCloseAsync(WebSocket ws, int maxMessageBytes, Task? tooBig)
    {
        var buffer = new byte[1024];
        long messageBytes = 0;
        try
        {
            while (true)
            {
                var receiving = ws.ReceiveAsync(buffer, CancellationToken.None);
                if (tooBig is not null && !receiving.IsCompleted && await Task.WhenAny(receiving, tooBig) == tooBig)
                {
                    return new ReceiveOutcome(false, null, TooBig: true, Pending: QuietlyAsync(receiving));
                }

                var result = await receiving;
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return new ReceiveOutcome(true, result.CloseStatus);
                }

                messageBytes += result.Count;
                if (messageBytes > maxMessageBytes)
                {
                    return new ReceiveOutcome(false, null, TooBig: true);
                }

                if (result.EndOfMessage)
                {
                    messageBytes = 0;
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ConnectionAbortedException
            or ObjectDisposedException)
        {
            return new ReceiveOutcome(false, null);
        }
    }

    private static async Task QuietlyAsync(Task receiving)
    {
        try
        {
            await receiving;
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or OperationCanceledException or ConnectionAbortedException
            or ObjectDisposedException)
        {
            // The connection ended; the caller only waits for the receive to be over.
        }
    }

    /// <summary>The client's side ended first: echo its close, or close with 1009 for a message over the limit.</summary>
    private async Task ReceiveEndedAsync(string id, WebSocket ws, ReceiveOutcome outcome)
    {
        if (!outcome.TooBig)
        {
            await EchoCloseAsync(ws, outcome);
            return;
        }

        CaptureRefusalLog.ClientMessageTooBig(_logger, id, _maxClientMessageBytes);
        try
        {
            await ws.CloseOutputAsync(WebSocketCloseStatus.MessageTooBig,
                $"client message over {_maxClientMessageBytes} bytes: send only a close frame", CancellationToken.None).WaitAsync(ClosingDeadline);
            // Keep reading (and dropping) until the client's close: closing a socket with unread data makes the
            // kernel send a reset, which can destroy our close frame before the client has read it.
            if (outcome.Pending is { } pending)
            {
                await pending.WaitAsync(ClosingDeadline);
            }

            await DrainAsync(ws).WaitAsync(ClosingDeadline);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or TimeoutException or ConnectionAbortedException)
        {
            ws.Abort();
        }
    }

    private static async Task DrainAsync(WebSocket ws)
    {
        var buffer = new byte[4096];
        while (ws.State is WebSocketState.CloseSent)
        {
            var result = await ws.ReceiveAsync(buffer, CancellationToken.None);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return;
            }
        }
    }

    /// <summary>The client closed first: answer with its own code and an empty reason, as gorilla's default
    /// close handler does (docs/protocol.md §9).</summary>
    private static async Task EchoCloseAsync(WebSocket ws, ReceiveOutcome outcome)
    {
        if (!outcome.CloseReceived || ws.State != WebSocketState.CloseReceived)
        {
            ws.Abort();
            return;
        }

        try
        {
            await ws.CloseOutputAsync(outcome.Status ?? WebSocketCloseStatus.Empty, null, CancellationToken.None)
                .WaitAsync(ClosingDeadline);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or TimeoutException or ConnectionAbortedException)
        {
            ws.Abort();
        }
    }

    /// <summary>We close first: send the reason, then give the client the closing deadline to answer.</summary>
    private async Task CloseAsync(string id, WebSocket ws, Task<ReceiveOutcome> receive, WebSocketCloseStatus status, string reason)
    {
        ServerLog.Closing(_logger, id, (int)status, reason);
        try
        {
            if (ws.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await ws.CloseOutputAsync(status, CloseReason.Truncate(reason), CancellationToken.None).WaitAsync(ClosingDeadline);
            }

            await receive.WaitAsync(ClosingDeadline);
        }
        catch (Exception ex) when (ex is WebSocketException or IOException or TimeoutException or ConnectionAbortedException)
        {
            ws.Abort();
        }
    }
}
