using System.Buffers.Binary;
using System.Globalization;
using Packetflix.Core.Pcapng;
using Packetflix.Tests.Common;

namespace Packetflix.Server.Tests.Buffering;

/// <summary>Bounded, known traffic: <c>trafgen</c> (netsniff-ng) sends numbered 1000-byte frames of the IEEE local
/// experimental EtherType 0x88B5 (IEEE Std 802, "Local Experimental EtherType"; nothing in the namespace answers or forwards it) at a fixed rate
/// from one namespace. The number is the last four bytes of the source MAC (trafgen's <c>dinc()</c> on a field longer
/// than 4 bytes increments its last 4), so every frame is unique and a capture filter selects exactly these frames.</summary>
internal static class MarkedFrames
{
    public const ushort EtherType = 0x88b5;

    public const int FrameBytes = 1000;

    /// <summary>The capture filter that keeps exactly these frames, so the kernel's counts are counts of them.</summary>
    public const string Filter = "ether proto 0x88b5";

    /// <summary>Sends <paramref name="count"/> frames at <paramref name="rate"/> per second out of eth0 of the
    /// <c>ip netns</c> namespace <paramref name="netns"/> (trafgen -P 1: one counter, frames 0 to count-1).</summary>
    public static async Task SendAsync(string netns, int count, int rate, CancellationToken ct)
    {
        using var temp = new TempDirectory();
        var config = temp.File("frames.cfg");
        await File.WriteAllTextAsync(config, $$"""
            { eth(da=ff:ff:ff:ff:ff:ff, sa=02:00:00:00:00:00, sa=dinc(), type=0x{{EtherType:x4}}), fill(0x55, {{FrameBytes - 14}}) }
            """, ct);
        var timeout = TimeSpan.FromSeconds(60 + (count / (double)rate * 3));
        var result = await Shell.RunAsync("ip", ["netns", "exec", netns, "trafgen", "-o", "eth0", "-i", config, "-P", "1", "-q",
            "-n", count.ToString(CultureInfo.InvariantCulture), "-b", $"{rate.ToString(CultureInfo.InvariantCulture)}pps"], timeout, ct);
        Assert.True(result.ExitCode == 0, $"trafgen failed ({result.ExitCode}): {result.StdErr}");
    }

    /// <summary>The frame's number, or null for any other packet.</summary>
    public static uint? Number(EnhancedPacketBlock packet)
    {
        var data = packet.Data.Span;
        return data.Length >= 14 && BinaryPrimitives.ReadUInt16BigEndian(data[12..]) == EtherType && data[6] == 0x02 && data[7] == 0
            ? BinaryPrimitives.ReadUInt32BigEndian(data[8..])
            : null;
    }
}
