using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Packetflix.Discovery.Netlink;

/// <summary>
/// Parses rtnetlink messages with spans (netlink(7), rtnetlink(7)). Netlink uses host byte order; only little-endian
/// hosts (x86_64, arm64) are supported. Malformed input never throws: the damaged part is skipped.
/// </summary>
internal static class RtnetlinkParser
{
    /// <summary>Splits a receive buffer into messages: (type, flags, seq, payload after nlmsghdr).</summary>
    public static List<(ushort Type, ushort Flags, uint Sequence, int Offset, int Length)> Split(ReadOnlySpan<byte> buffer)
    {
        var result = new List<(ushort, ushort, uint, int, int)>();
        var offset = 0;
        while (buffer.Length - offset >= NetlinkConstants.HeaderLength)
        {
            var header = buffer[offset..];
            var length = (int)BinaryPrimitives.ReadUInt32LittleEndian(header);
            if (length < NetlinkConstants.HeaderLength || length > header.Length)
            {
                break;
            }

            var type = BinaryPrimitives.ReadUInt16LittleEndian(header[4..]);
            var flags = BinaryPrimitives.ReadUInt16LittleEndian(header[6..]);
            var sequence = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
            result.Add((type, flags, sequence, offset + NetlinkConstants.HeaderLength, length - NetlinkConstants.HeaderLength));
            offset += Align(length);
        }

        return result;
    }

    /// <summary>The negative errno of an NLMSG_ERROR payload (struct nlmsgerr starts with int error); 0 is an ACK.</summary>
    public static int ErrorCode(ReadOnlySpan<byte> payload) =>
        payload.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(payload) : -(int)Linux.Errno.EINVAL;

    /// <summary>Parses the payload of RTM_NEWLINK (struct ifinfomsg + IFLA_* attributes); null when too short.</summary>
    public static LinkMessage? ParseLink(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < NetlinkConstants.IfInfoMsgLength)
        {
            return null;
        }

        // struct ifinfomsg: family u8, pad u8, type u16, index s32, flags u32, change u32.
        var index = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]);
        string name = string.Empty, kind = string.Empty, mac = string.Empty;
        byte operState = 0;
        int mtu = 0, master = 0;
        int? link = null, linkNetnsid = null, vxlanLink = null;
        var attributes = payload[NetlinkConstants.IfInfoMsgLength..];
        while (NextAttribute(ref attributes, out var type, out var value))
        {
            switch (type)
            {
                case NetlinkConstants.IflaIfname:
                    name = CString(value);
                    break;
                case NetlinkConstants.IflaAddress:
                    mac = FormatMac(value);
                    break;
                case NetlinkConstants.IflaMtu when value.Length >= 4:
                    mtu = BinaryPrimitives.ReadInt32LittleEndian(value);
                    break;
                case NetlinkConstants.IflaLink when value.Length >= 4:
                    link = BinaryPrimitives.ReadInt32LittleEndian(value);
                    break;
                case NetlinkConstants.IflaMaster when value.Length >= 4:
                    master = BinaryPrimitives.ReadInt32LittleEndian(value);
                    break;
                case NetlinkConstants.IflaOperstate when value.Length >= 1:
                    operState = value[0];
                    break;
                case NetlinkConstants.IflaLinkNetnsid when value.Length >= 4:
                    linkNetnsid = BinaryPrimitives.ReadInt32LittleEndian(value);
                    break;
                case NetlinkConstants.IflaLinkinfo:
                    (kind, vxlanLink) = ParseLinkInfo(value);
                    break;
                default:
                    break;
            }
        }

        return name.Length == 0 ? null : new LinkMessage(index, name, kind, operState, mac, mtu, master, link, linkNetnsid)
        {
            VxlanLink = vxlanLink,
        };
    }

    /// <summary>Parses RTM_NEWADDR (struct ifaddrmsg + IFA_*); IFA_LOCAL wins over IFA_ADDRESS (the peer on
    /// point-to-point links, rtnetlink(7)). Null for other families or when malformed.</summary>
    public static AddressMessage? ParseAddress(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < NetlinkConstants.IfAddrMsgLength)
        {
            return null;
        }

        // struct ifaddrmsg: family u8, prefixlen u8, flags u8, scope u8, index u32.
        var family = payload[0];
        var prefixLength = payload[1];
        var index = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]);
        var expected = family switch
        {
            NetlinkConstants.AfInet => 4,
            NetlinkConstants.AfInet6 => 16,
            _ => 0,
        };
        if (expected == 0)
        {
            return null;
        }

        string? address = null, local = null;
        var attributes = payload[NetlinkConstants.IfAddrMsgLength..];
        while (NextAttribute(ref attributes, out var type, out var value))
        {
            if (value.Length != expected)
            {
                continue;
            }

            if (type == NetlinkConstants.IfaAddress)
            {
                address = new IPAddress(value).ToString();
            }
            else if (type == NetlinkConstants.IfaLocal)
            {
                local = new IPAddress(value).ToString();
            }
        }

        var chosen = local ?? address;
        return chosen is null ? null : new AddressMessage(index, family, prefixLength, chosen);
    }

    /// <summary>NETNSA_NSID of an RTM_NEWNSID payload (struct rtgenmsg + NETNSA_*); null when absent.</summary>
    public static int? ParseNsid(ReadOnlySpan<byte> payload)
    {
        if (payload.Length < NetlinkConstants.RtGenMsgLength)
        {
            return null;
        }

        var attributes = payload[NetlinkConstants.RtGenMsgLength..];
        while (NextAttribute(ref attributes, out var type, out var value))
        {
            if (type == NetlinkConstants.NetnsaNsid && value.Length >= 4)
            {
                return BinaryPrimitives.ReadInt32LittleEndian(value);
            }
        }

        return null;
    }

    /// <summary>Reads the next struct nlattr (len u16 including the 4-byte header, type u16) and advances.</summary>
    public static bool NextAttribute(ref ReadOnlySpan<byte> attributes, out ushort type, out ReadOnlySpan<byte> value)
    {
        type = 0;
        value = default;
        if (attributes.Length < 4)
        {
            return false;
        }

        var length = BinaryPrimitives.ReadUInt16LittleEndian(attributes);
        if (length < 4 || length > attributes.Length)
        {
            attributes = default;
            return false;
        }

        type = (ushort)(BinaryPrimitives.ReadUInt16LittleEndian(attributes[2..]) & NetlinkConstants.NlaTypeMask);
        value = attributes[4..length];
        attributes = attributes[Math.Min(Align(length), attributes.Length)..];
        return true;
    }

    public static int Align(int length) => (length + NetlinkConstants.Alignment - 1) & ~(NetlinkConstants.Alignment - 1);

    /// <summary>IFLA_INFO_KIND and, for a vxlan, IFLA_VXLAN_LINK from IFLA_INFO_DATA (whose attribute numbers
    /// mean something per kind only, so they are read once the kind is known, in whichever order they came).</summary>
    private static (string Kind, int? VxlanLink) ParseLinkInfo(ReadOnlySpan<byte> linkInfo)
    {
        var kind = string.Empty;
        scoped ReadOnlySpan<byte> data = default;
        while (NextAttribute(ref linkInfo, out var type, out var value))
        {
            if (type == NetlinkConstants.IflaInfoKind)
            {
                kind = CString(value);
            }
            else if (type == NetlinkConstants.IflaInfoData)
            {
                data = value;
            }
        }

        if (kind != "vxlan")
        {
            return (kind, null);
        }

        while (NextAttribute(ref data, out var type, out var value))
        {
            if (type == NetlinkConstants.IflaVxlanLink && value.Length >= 4)
            {
                return (kind, BinaryPrimitives.ReadInt32LittleEndian(value));
            }
        }

        return (kind, null);
    }

    private static string CString(ReadOnlySpan<byte> value)
    {
        var end = value.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? value : value[..end]);
    }

    private static string FormatMac(ReadOnlySpan<byte> value)
    {
        if (value.IsEmpty)
        {
            return string.Empty;
        }

        var builder = new StringBuilder(value.Length * 3);
        foreach (var b in value)
        {
            if (builder.Length > 0)
            {
                builder.Append(':');
            }

            builder.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
