using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Packetflix.Core.Targets;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Faults;

internal static class FaultHelpers
{
    /// <summary>Polls <c>/mobyshark</c> until it lists <paramref name="name"/> with an eth0 (a started container).</summary>
    public static async Task<CaptureTarget> WaitForTargetAsync(Uri server, string name, CancellationToken ct)
    {
        CaptureTarget? found = null;
        await WaitForTargetsAsync(server, targets =>
        {
            found = targets.FirstOrDefault(t => t.Name == name && t.NetworkInterfaces is { } nifs && nifs.Contains("eth0"));
            return found is not null;
        }, $"/mobyshark listing {name}", ct);
        return found!;
    }

    /// <summary>Polls <c>/mobyshark</c> (each answer must be a valid target list) until <paramref name="condition"/>
    /// holds for it.</summary>
    public static Task WaitForTargetsAsync(Uri server, Func<IReadOnlyList<CaptureTarget>, bool> condition, string what,
        CancellationToken ct)
    {
        return Eventually.WaitUntilAsync(async c =>
        {
            using var http = new HttpClient();
            var body = await http.GetByteArrayAsync(new Uri(server, "/mobyshark"), c);
            Assert.True(CaptureTargetJson.TryParseList(body, out var targets, out var error), error);
            return condition(targets);
        }, TimeSpan.FromSeconds(90), ct, what);
    }

    /// <summary>Upgrades by hand on a raw socket and waits for the first stream bytes after the 101 (the capture
    /// runs). Returns the socket and what was read after the response head.</summary>
    public static async Task<(Socket Socket, List<byte> Received)> UpgradeAsync(Uri server, string pathAndQuery, CancellationToken ct)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, server.Port), ct);
            var key = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
            var request = $"GET {pathAndQuery} HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + $"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Version: 13\r\n\r\n";
            await socket.SendAsync(Encoding.ASCII.GetBytes(request), SocketFlags.None, ct);
            var received = new List<byte>();
            var headEnd = -1;
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
            deadline.CancelAfter(TimeSpan.FromSeconds(60));
            while (headEnd < 0 || received.Count <= headEnd + 4)
            {
                await ReceiveMoreAsync(socket, received, deadline.Token);
                headEnd = Encoding.ASCII.GetString([.. received]).IndexOf("\r\n\r\n", StringComparison.Ordinal);
            }

            Assert.StartsWith("HTTP/1.1 101", Encoding.ASCII.GetString([.. received]), StringComparison.Ordinal);
            return (socket, received[(headEnd + 4)..]);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads server frames (unmasked, RFC 6455 §5.2) until a close frame; returns its code, or null at EOF.</summary>
    public static async Task<int?> ReadUntilCloseAsync(Socket socket, List<byte> data, CancellationToken ct)
    {
        while (true)
        {
            while (FrameLength(data) is not { } length || data.Count < length.Total)
            {
                if (!await ReceiveMoreAsync(socket, data, ct))
                {
                    return null;
                }
            }

            var (header, total) = FrameLength(data)!.Value;
            if ((data[0] & 0x0f) == 0x8)
            {
                return total - header >= 2 ? BinaryPrimitives.ReadUInt16BigEndian([data[header], data[header + 1]]) : 1005;
            }

            data.RemoveRange(0, total);
        }
    }

    private static (int Header, int Total)? FrameLength(List<byte> data)
    {
        if (data.Count < 2)
        {
            return null;
        }

        var length7 = data[1] & 0x7f;
        var header = length7 switch { 126 => 4, 127 => 10, _ => 2 };
        if (data.Count < header)
        {
            return null;
        }

        long length = length7 switch
        {
            126 => BinaryPrimitives.ReadUInt16BigEndian([data[2], data[3]]),
            127 => (long)BinaryPrimitives.ReadUInt64BigEndian(data.GetRange(2, 8).ToArray()),
            _ => length7,
        };
        return (header, header + (int)length);
    }

    private static async Task<bool> ReceiveMoreAsync(Socket socket, List<byte> data, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        var n = await socket.ReceiveAsync(buffer, SocketFlags.None, ct);
        data.AddRange(buffer.AsSpan(0, n));
        return n > 0;
    }
}
