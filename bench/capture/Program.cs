using System.Globalization;
using System.Net.WebSockets;
using Packetflix.Core.Pcapng;

namespace Packetflix.Bench.Capture;

/// <summary>
/// A minimal, fast capture consumer for bench/capture/run.sh: reads a /capture stream, counts packets by walking
/// pcapng blocks with Core's allocation-free walker (no copies, no parsing of packet data), and after the given
/// seconds prints the packet count and the last statistics (isb_osdrop, isb_usrdeliv, our slow-client drops) as one line of key=value.
/// Usage: pf-bench-client ws://127.0.0.1:5001/capture?netns=N&amp;nif=eth0 SECONDS
/// </summary>
internal static class Program
{
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
        var section = default(PcapngReaderState);
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

                // Messages hold whole blocks (docs/api.md), so each message is walked on its own, in the section
                // the previous messages left us in.
                var walker = new PcapngBlockWalker(buffer.AsSpan(0, fill), section);
                while (walker.ReadNext(out var block) == PcapngWalkStatus.Block)
                {
                    if (block.Type == PcapngBlockTypes.EnhancedPacket)
                    {
                        packets++;
                    }
                    else if (block.Type == PcapngBlockTypes.InterfaceStatistics)
                    {
                        ReadStatistics(block, ref osDrop, ref userDelivered, ref ourDrop);
                    }
                }

                section = walker.State;
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

    /// <summary>pcapng §4.6: isb_osdrop, isb_usrdeliv and our comment ("packetflix dropped N packets ...").</summary>
    private static void ReadStatistics(PcapngBlockView block, ref long osDrop, ref long userDelivered, ref long ourDrop)
    {
        if (!block.TryReadStatistics(out var statistics, out _))
        {
            return;
        }

        osDrop = (long)(statistics.OsDropped ?? (ulong)osDrop);
        userDelivered = (long)(statistics.UserDelivered ?? (ulong)userDelivered);
        var parts = statistics.Comment?.Split(' ') ?? [];
        if (parts.Length > 2 && parts[1] == "dropped")
        {
            ourDrop = long.Parse(parts[2], CultureInfo.InvariantCulture);
        }
    }
}
