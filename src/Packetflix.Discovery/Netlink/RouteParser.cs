using System.Buffers.Binary;
using System.Globalization;
using System.Net;

namespace Packetflix.Discovery.Netlink;

/// <summary>Parses RTM_NEWROUTE payloads (struct rtmsg + RTA_* attributes, rtnetlink(7)); malformed input yields null.</summary>
internal static class RouteParser
{
    // struct rtmsg: family, dst_len, src_len, tos, table, protocol, scope, type (u8 each), flags (u32).
    public const int RtMsgLength = 12;

    // <linux/rtnetlink.h> RTA_* attributes.
    private const ushort RtaDst = 1;
    private const ushort RtaOif = 4;
    private const ushort RtaGateway = 5;
    private const ushort RtaPriority = 6;
    private const ushort RtaTable = 15;

    public static RouteMessage? Parse(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < RtMsgLength)
        {
            return null;
        }

        var family = payload[0];
        var length = family switch
        {
            NetlinkConstants.AfInet => 4,
            NetlinkConstants.AfInet6 => 16,
            _ => 0,
        };
        if (length == 0)
        {
            return null;
        }

        var prefix = payload[1];
        uint table = payload[4];
        byte protocol = payload[5], scope = payload[6], type = payload[7];
        string? destination = null, gateway = null;
        int oif = 0;
        uint metric = 0;
        var attributes = payload[RtMsgLength..];
        while (RtnetlinkParser.NextAttribute(ref attributes, out var attribute, out var value))
        {
            switch (attribute)
            {
                case RtaDst when value.Length == length:
                    destination = new IPAddress(value).ToString();
                    break;
                case RtaGateway when value.Length == length:
                    gateway = new IPAddress(value).ToString();
                    break;
                case RtaOif when value.Length >= 4:
                    oif = BinaryPrimitives.ReadInt32LittleEndian(value);
                    break;
                case RtaPriority when value.Length >= 4:
                    metric = BinaryPrimitives.ReadUInt32LittleEndian(value);
                    break;
                case RtaTable when value.Length >= 4:
                    table = BinaryPrimitives.ReadUInt32LittleEndian(value);
                    break;
                default:
                    break;
            }
        }

        destination ??= family == NetlinkConstants.AfInet ? "0.0.0.0" : "::";
        return new RouteMessage(family, $"{destination}/{prefix.ToString(CultureInfo.InvariantCulture)}", gateway, oif, table, metric, scope, protocol, type);
    }

    /// <summary>rtm_scope as iproute2 names it.</summary>
    public static string ScopeName(byte scope) => scope switch
    {
        0 => "universe",
        200 => "site",
        253 => "link",
        254 => "host",
        255 => "nowhere",
        _ => scope.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>rtm_protocol as iproute2 names it (/etc/iproute2/rt_protos).</summary>
    public static string ProtocolName(byte protocol) => protocol switch
    {
        0 => "unspec",
        1 => "redirect",
        2 => "kernel",
        3 => "boot",
        4 => "static",
        16 => "dhcp",
        186 => "bgp",
        188 => "ospf",
        _ => protocol.ToString(CultureInfo.InvariantCulture),
    };
}
