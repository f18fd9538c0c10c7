using System.Buffers;
using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using Packetflix.Linux;

namespace Packetflix.Discovery.Netlink;

/// <summary>
/// A NETLINK_ROUTE socket. It belongs to the netns of the thread that created it and stays there (netlink(7)), so
/// create it on a <see cref="NetnsThread"/> and run the (blocking, synchronous) dumps from any thread afterwards.
/// Not thread-safe: one caller at a time.
/// </summary>
internal sealed class RtnetlinkSocket : IDisposable
{
    // Kernel dump chunks are at most 32 KiB (netlink_dump's min(32 KiB, ...)); twice that never truncates.
    private const int BufferSize = 64 * 1024;

    // A kernel that does not answer within this time is not going to; it bounds a discovery in any case.
    private const long ReceiveTimeoutSeconds = 2;

    private readonly NetlinkRouteSocket _socket;
    private uint _sequence;

    private RtnetlinkSocket(NetlinkRouteSocket socket) => _socket = socket;

    /// <summary>Opens a socket in the calling thread's netns.</summary>
    /// <exception cref="ErrnoException">socket(2) failed.</exception>
    public static RtnetlinkSocket Open() => new(NetlinkRouteSocket.Open(ReceiveTimeoutSeconds));

    /// <summary>RTM_GETLINK dump: every interface of the netns.</summary>
    public List<LinkMessage> DumpLinks()
    {
        var request = NewRequest(NetlinkConstants.RtmGetLink, NetlinkConstants.NlmFRequest | NetlinkConstants.NlmFDump,
            NetlinkConstants.IfInfoMsgLength, 0, out var sequence);
        var result = new List<LinkMessage>();
        Exchange(request, sequence, (type, payload) =>
        {
            if (type == NetlinkConstants.RtmNewLink && RtnetlinkParser.ParseLink(payload) is { } link)
            {
                result.Add(link);
            }
        });
        return result;
    }

    /// <summary>RTM_GETADDR dump (AF_UNSPEC: IPv4 and IPv6).</summary>
    public List<AddressMessage> DumpAddresses()
    {
        var request = NewRequest(NetlinkConstants.RtmGetAddr, NetlinkConstants.NlmFRequest | NetlinkConstants.NlmFDump,
            NetlinkConstants.IfAddrMsgLength, 0, out var sequence);
        var result = new List<AddressMessage>();
        Exchange(request, sequence, (type, payload) =>
        {
            if (type == NetlinkConstants.RtmNewAddr && RtnetlinkParser.ParseAddress(payload) is { } address)
            {
                result.Add(address);
            }
        });
        return result;
    }

    /// <summary>RTM_GETROUTE dump (AF_UNSPEC: IPv4 and IPv6, every table).</summary>
    public List<RouteMessage> DumpRoutes()
    {
        var request = NewRequest(NetlinkConstants.RtmGetRoute, NetlinkConstants.NlmFRequest | NetlinkConstants.NlmFDump,
            RouteParser.RtMsgLength, 0, out var sequence);
        var result = new List<RouteMessage>();
        Exchange(request, sequence, (type, payload) =>
        {
            if (type == NetlinkConstants.RtmNewRoute && RouteParser.Parse(payload) is { } route)
            {
                result.Add(route);
            }
        });
        return result;
    }

    /// <summary>
    /// RTM_GETNSID with NETNSA_FD: the id this socket's netns uses for the netns behind <paramref name="netns"/>;
    /// null when none is assigned (the kernel answers NETNSA_NSID_NOT_ASSIGNED, -1, and allocates nothing).
    /// </summary>
    public int? GetNsid(SafeFileHandle netns)
    {
        var added = false;
        netns.DangerousAddRef(ref added);
        try
        {
            var request = NewRequest(NetlinkConstants.RtmGetNsid, NetlinkConstants.NlmFRequest, NetlinkConstants.RtGenMsgLength, 8, out var sequence);

            // struct nlattr { len = 8, type = NETNSA_FD } followed by the u32 fd.
            var attribute = request.AsSpan(NetlinkConstants.HeaderLength + NetlinkConstants.RtGenMsgLength);
            BinaryPrimitives.WriteUInt16LittleEndian(attribute, 8);
            BinaryPrimitives.WriteUInt16LittleEndian(attribute[2..], NetlinkConstants.NetnsaFd);
            BinaryPrimitives.WriteInt32LittleEndian(attribute[4..], (int)netns.DangerousGetHandle());
            int? nsid = null;
            Exchange(request, sequence, (type, payload) =>
            {
                if (type == NetlinkConstants.RtmNewNsid)
                {
                    nsid = RtnetlinkParser.ParseNsid(payload);
                }
            });
            return nsid is null or < 0 ? null : nsid;
        }
        finally
        {
            if (added)
            {
                netns.DangerousRelease();
            }
        }
    }

    public void Dispose() => _socket.Dispose();

    private byte[] NewRequest(ushort type, ushort flags, int fixedLength, int attributesLength, out uint sequence)
    {
        sequence = ++_sequence;
        var length = NetlinkConstants.HeaderLength + fixedLength + attributesLength;
        var request = new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(request, (uint)length);
        BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(4), type);
        BinaryPrimitives.WriteUInt16LittleEndian(request.AsSpan(6), flags);
        BinaryPrimitives.WriteUInt32LittleEndian(request.AsSpan(8), sequence);

        // nlmsg_pid 0 addresses the kernel; the family byte after the header stays AF_UNSPEC (all families).
        return request;
    }

    /// <summary>Sends <paramref name="request"/> and feeds every answer with our sequence number to
    /// <paramref name="onMessage"/> until NLMSG_DONE, an ACK or (for non-dump requests) the first answer.</summary>
    private void Exchange(byte[] request, uint sequence, MessageHandler onMessage)
    {
        var dump = (BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(6)) & NetlinkConstants.NlmFDump) != 0;
        _socket.Send(request);

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            while (true)
            {
                var received = _socket.Receive(buffer);
                var span = buffer.AsSpan(0, received);
                foreach (var (type, _, messageSequence, offset, length) in RtnetlinkParser.Split(span))
                {
                    if (messageSequence != sequence)
                    {
                        continue;
                    }

                    var payload = span.Slice(offset, length);
                    if (type == NetlinkConstants.NlmsgDone)
                    {
                        return;
                    }

                    if (type == NetlinkConstants.NlmsgError)
                    {
                        var code = RtnetlinkParser.ErrorCode(payload);
                        if (code != 0)
                        {
                            throw new ErrnoException("netlink request", (Errno)(-code));
                        }

                        return;
                    }

                    onMessage(type, payload);
                    if (!dump)
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private delegate void MessageHandler(ushort type, ReadOnlySpan<byte> payload);
}
