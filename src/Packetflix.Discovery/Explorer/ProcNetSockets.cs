using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace Packetflix.Discovery.Explorer;

/// <summary>Parses /proc/PID/net/{tcp,tcp6,udp,udp6} (proc_net_tcp(5), proc_net_udp(5)).</summary>
internal static class ProcNetSockets
{
    public static List<(string State, string Local, string Remote, ulong Inode)> Parse(string text, bool udp)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new List<(string, string, string, ulong)>();
        foreach (var line in text.Split('\n').Skip(1))
        {
            // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ...
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 10
                || !TryEndpoint(fields[1], out var local) || !TryEndpoint(fields[2], out var remote)
                || !int.TryParse(fields[3], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var state)
                || !ulong.TryParse(fields[9], NumberStyles.None, CultureInfo.InvariantCulture, out var inode))
            {
                continue;
            }

            result.Add((StateName(state, udp), local, remote, inode));
        }

        return result;
    }

    /// <summary>The kernel's TCP states (include/net/tcp_states.h); an unconnected (bound) UDP socket is in
    /// TCP_CLOSE and is reported as "listen", a connected one as "established".</summary>
    public static string StateName(int state, bool udp) => (state, udp) switch
    {
        (7, true) => "listen",
        (1, _) => "established",
        (2, _) => "syn-sent",
        (3, _) => "syn-recv",
        (4, _) => "fin-wait1",
        (5, _) => "fin-wait2",
        (6, _) => "time-wait",
        (7, _) => "close",
        (8, _) => "close-wait",
        (9, _) => "last-ack",
        (10, _) => "listen",
        (11, _) => "closing",
        (12, _) => "new-syn-recv",
        _ => state.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary><c>0100007F:0050</c> → <c>127.0.0.1:80</c>; addresses are 32-bit words in host (little-endian) order.</summary>
    public static bool TryEndpoint(string field, out string endpoint)
    {
        ArgumentNullException.ThrowIfNull(field);
        endpoint = string.Empty;
        var colon = field.IndexOf(':', StringComparison.Ordinal);
        if (colon is not (8 or 32) || !int.TryParse(field.AsSpan(colon + 1), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var port))
        {
            return false;
        }

        var bytes = new byte[colon / 2];
        for (var word = 0; word < colon / 8; word++)
        {
            if (!uint.TryParse(field.AsSpan(word * 8, 8), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }

            BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(word * 4), value);
        }

        var address = new IPAddress(bytes);
        var text = address.IsIPv4MappedToIPv6 ? address.MapToIPv4().ToString() : address.ToString();
        endpoint = bytes.Length == 16 && !address.IsIPv4MappedToIPv6
            ? $"[{text}]:{port.ToString(CultureInfo.InvariantCulture)}"
            : $"{text}:{port.ToString(CultureInfo.InvariantCulture)}";
        return true;
    }
}
