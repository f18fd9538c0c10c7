using System.Buffers.Binary;
using System.Globalization;
using System.Net.WebSockets;

namespace Packetflix.Bench.Capture;

/// <summary>
/// A minimal, fast capture consumer for bench/capture/run.sh: reads a /capture stream, counts packets by walking
/// pcapng block headers (no copies, no parsing of packet data), and after the given seconds prints the packet
/// count and the last statistics (isb_osdrop, isb_usrdeliv, our slow-client drops) as one line of key=value.
/// Usage: pf-bench-client ws://127.0.0.1:5001/capture?netns=N&amp;nif=eth0 SECONDS
/// </summary>
internal static class Program
{
    private const uint EnhancedPacketBlock = 6;
    private const uint InterfaceStatisticsBlock = 5;

    private static async Task<int> Main(string[] args)
    {
        if (args.Length != 2)
        {
            await Console.Error.WriteLineAsync("usage: pf-bench-client <ws-url> <seconds>");
            return 2;
        }

        using var ws = new ClientWebSocket();
        await ws.ConnectAsync(new Uri(args[0]), CancellationToken.None);
        var seconds = double.Parse(args[1], CultureInfo.InvariantCulture);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        var buffer = new byte[4 * 1024 * 1024];
        long packets = 0, bytes = 0, osDrop = 0, userDelivered = 0, ourDrop = 0;
        var fill = 0;
        try
        {
            while (true)
            {
                var result = await ws.ReceiveAsync(buffer.AsMemory(fill), stop.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                fill += result.Count;
                bytes += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                // Messages hold whole blocks (docs/api.md), so each message is walked on its own.
                var offset = 0;
                while (offset + 12 <= fill)
                {
                    var type = BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(offset));
                    var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(buffer.AsSpan(offset + 4));
                    if (type == EnhancedPacketBlock)
                    {
                        packets++;
                    }
                    else if (type == InterfaceStatisticsBlock)
                    {
                        ReadStatistics(buffer.AsSpan(offset, length), ref osDrop, ref userDelivered, ref ourDrop);
                    }

                    offset += length;
                }

                fill = 0;
            }
        }
        catch (OperationCanceledException)
        {
            // Time is up.
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"packets={packets} bytes={bytes} isb_osdrop={osDrop} isb_usrdeliv={userDelivered} slow_client_drops={ourDrop}"));
        return 0;
    }

    /// <summary>pcapng §4.6: options start after interface id and timestamp (offset 20); codes 7 = isb_osdrop,
    /// 8 = isb_usrdeliv, 1 = comment ("packetflix dropped N packets ...").</summary>
    private static void ReadStatistics(ReadOnlySpan<byte> block, ref long osDrop, ref long userDelivered, ref long ourDrop)
    {
        var offset = 20;
        while (offset + 4 <= block.Length - 4)
        {
            var code = BinaryPrimitives.ReadUInt16LittleEndian(block[offset..]);
            var length = BinaryPrimitives.ReadUInt16LittleEndian(block[(offset + 2)..]);
            var value = block.Slice(offset + 4, length);
            switch (code)
            {
                case 0:
                    return;
                case 7:
                    osDrop = (long)BinaryPrimitives.ReadUInt64LittleEndian(value);
                    break;
                case 8:
                    userDelivered = (long)BinaryPrimitives.ReadUInt64LittleEndian(value);
                    break;
                case 1:
                    var text = System.Text.Encoding.UTF8.GetString(value);
                    var parts = text.Split(' ');
                    if (parts.Length > 2 && parts[1] == "dropped")
                    {
                        ourDrop = long.Parse(parts[2], CultureInfo.InvariantCulture);
                    }

                    break;
            }

            offset += 4 + ((length + 3) & ~3);
        }
    }
}
