using System.Buffers.Binary;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace Packetflix.Server.Tests.Hostile;

/// <summary>Sends one raw request on its own TCP connection and reads what comes back: an HTTP response (status
/// and body), or after a 101 the server's WebSocket frames up to its close frame.</summary>
internal static class RawExchange
{
    public static async Task<HostileOutcome> RunAsync(Uri server, HostileRequest request, CancellationToken ct)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, ct);
        client.LingerState = new LingerOption(true, 0);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request.Bytes, ct);
        }
        catch (IOException)
        {
            // The server may answer and close before it read everything (431, 414): the answer is still there.
        }

        var buffer = new MemoryStream();
        var headEnd = await ReadUntilAsync(stream, buffer, b => IndexOf(b, "\r\n\r\n"u8) is var i and >= 0 ? i + 4 : -1, ct);
        if (headEnd < 0)
        {
            return new HostileOutcome(request.Category, "no response", "");
        }

        var head = Encoding.Latin1.GetString(buffer.GetBuffer(), 0, headEnd);
        var status = head.Length > 12 ? head.Substring(9, 3) : "???";
        if (status == "101")
        {
            return await WebSocketAsync(stream, buffer, headEnd, request, ct);
        }

        var length = HeaderValue(head, "Content-Length") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : -1;
        var chunked = HeaderValue(head, "Transfer-Encoding")?.Contains("chunked", StringComparison.OrdinalIgnoreCase) == true;
        await ReadUntilAsync(stream, buffer, b => length >= 0 ? (b.Length >= headEnd + length ? 0 : -1)
            : chunked ? (IndexOf(b[headEnd..], "0\r\n\r\n"u8) >= 0 ? 0 : -1) : -1, ct);
        var body = Encoding.Latin1.GetString(buffer.GetBuffer(), headEnd, (int)buffer.Length - headEnd);
        return new HostileOutcome(request.Category, "HTTP " + status, body);
    }

    private static async Task<HostileOutcome> WebSocketAsync(NetworkStream stream, MemoryStream buffer, int offset, HostileRequest request,
        CancellationToken ct)
    {
        if (request.AfterUpgrade is { } frames)
        {
            // Wait for the capture to start (its first message), then misbehave.
            await ReadFrameAsync(stream, buffer, offset, ct);
            try
            {
                await stream.WriteAsync(frames, ct);
            }
            catch (IOException)
            {
                // Already closed on us: what it sent before still counts.
            }
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(TimeSpan.FromSeconds(request.AfterUpgrade is null ? 30 : 5));
        try
        {
            while (true)
            {
                var frame = await ReadFrameAsync(stream, buffer, offset, deadline.Token);
                if (frame is null)
                {
                    return new HostileOutcome(request.Category, "WS closed without close frame", "");
                }

                offset = frame.Value.Next;
                if (frame.Value.Opcode == 0x8)
                {
                    var payload = buffer.GetBuffer().AsSpan(frame.Value.PayloadStart, frame.Value.PayloadLength);
                    var code = payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : 1005;
                    var reason = payload.Length > 2 ? Encoding.UTF8.GetString(payload[2..]) : "";
                    return new HostileOutcome(request.Category, "WS " + code.ToString(CultureInfo.InvariantCulture), reason);
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new HostileOutcome(request.Category, "WS still open", "");
        }
        catch (IOException)
        {
            return new HostileOutcome(request.Category, "WS closed without close frame", "");
        }
    }

    /// <summary>The next server frame at <paramref name="offset"/> (servers do not mask, RFC 6455 §5.1), or null at EOF.</summary>
    private static async Task<(int Opcode, int PayloadStart, int PayloadLength, int Next)?> ReadFrameAsync(NetworkStream stream,
        MemoryStream buffer, int offset, CancellationToken ct)
    {
        (int, int, int, int)? frame = null;
        var end = await ReadUntilAsync(stream, buffer, b =>
        {
            var rest = b[offset..];
            if (rest.Length < 2)
            {
                return -1;
            }

            var length = (long)(rest[1] & 0x7f);
            var header = 2;
            if (length == 126)
            {
                header = 4;
                length = rest.Length >= 4 ? BinaryPrimitives.ReadUInt16BigEndian(rest[2..]) : long.MaxValue;
            }
            else if (length == 127)
            {
                header = 10;
                length = rest.Length >= 10 ? (long)BinaryPrimitives.ReadUInt64BigEndian(rest[2..]) : long.MaxValue;
            }

            if (rest.Length < header || rest.Length - header < length)
            {
                return -1;
            }

            frame = (rest[0] & 0x0f, offset + header, (int)length, offset + header + (int)length);
            return 0;
        }, ct);
        return end < 0 ? null : frame;
    }

    /// <summary>Reads until <paramref name="done"/> answers ≥ 0 for what was read (returns that) or EOF (returns -1).</summary>
    private static async Task<int> ReadUntilAsync(NetworkStream stream, MemoryStream buffer, ReadOnlySpanFunc done, CancellationToken ct)
    {
        var chunk = new byte[16 * 1024];
        while (true)
        {
            var result = done(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
            if (result >= 0)
            {
                return result;
            }

            int read;
            try
            {
                read = await stream.ReadAsync(chunk, ct);
            }
            catch (IOException)
            {
                read = 0;
            }

            if (read == 0)
            {
                return done(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)) is var last and >= 0 ? last : -1;
            }

            buffer.Write(chunk, 0, read);
        }
    }

    private static int IndexOf(ReadOnlySpan<byte> data, ReadOnlySpan<byte> value) => data.IndexOf(value);

    private static string? HeaderValue(string head, string name)
    {
        foreach (var line in head.Split("\r\n"))
        {
            if (line.StartsWith(name + ":", StringComparison.OrdinalIgnoreCase))
            {
                return line[(name.Length + 1)..].Trim();
            }
        }

        return null;
    }

    internal delegate int ReadOnlySpanFunc(ReadOnlySpan<byte> data);
}
