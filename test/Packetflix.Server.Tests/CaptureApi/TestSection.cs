using System.Buffers;
using Packetflix.Core.Pcapng;

namespace Packetflix.Server.Tests.CaptureApi;

/// <summary>A pcapng section as the capture writes one, for the tests of how the pipe is cut and counted.</summary>
internal static class TestSection
{
    /// <summary>An SHB, an IDB and <paramref name="packets"/> EPBs of <paramref name="payloadLength"/>(i) bytes each;
    /// the offset where each block ends.</summary>
    public static (byte[] Data, List<int> Ends) Blocks(int packets, Func<int, int> payloadLength)
    {
        var writer = new ArrayBufferWriter<byte>();
        var ends = new List<int>();
        PcapngBlockWriter.WriteSectionHeader(writer, "test", os: "Linux", userApplication: "test");
        ends.Add(writer.WrittenCount);
        PcapngBlockWriter.WriteInterfaceDescription(writer, 1, 262144, "eth0", "test", "");
        ends.Add(writer.WrittenCount);
        for (var i = 0; i < packets; i++)
        {
            var payload = new byte[payloadLength(i)];
            PcapngBlockWriter.WriteEnhancedPacket(writer, 0, (ulong)i, payload, (uint)payload.Length);
            ends.Add(writer.WrittenCount);
        }

        return (writer.WrittenSpan.ToArray(), ends);
    }
}
