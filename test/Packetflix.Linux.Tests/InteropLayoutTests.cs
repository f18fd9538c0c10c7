using System.Runtime.InteropServices;

namespace Packetflix.Linux.Tests;

// Sizes and offsets from the C headers on LP64 Linux (x86_64 and arm64): a wrong layout corrupts memory silently.
public class InteropLayoutTests
{
    [Fact]
    public unsafe void Structs_Sizes_MatchLp64Headers()
    {
        Assert.Equal(8, sizeof(Interop.Libc.PollFd));
        Assert.Equal(16, sizeof(Interop.Libc.IfNameIndex));
        Assert.Equal(256, sizeof(Interop.Libc.Statx));
        Assert.Equal(16, sizeof(Interop.Pcap.BpfProgram));
        Assert.Equal(24, sizeof(Interop.Pcap.PcapPacketHeader));
        Assert.Equal(12, sizeof(Interop.Pcap.PcapStat));
    }

    [Fact]
    public void Structs_Offsets_MatchLp64Headers()
    {
        Assert.Equal(6, Marshal.OffsetOf<Interop.Libc.PollFd>(nameof(Interop.Libc.PollFd.Revents)));
        Assert.Equal(8, Marshal.OffsetOf<Interop.Libc.IfNameIndex>(nameof(Interop.Libc.IfNameIndex.IfName)));
        Assert.Equal(32, Marshal.OffsetOf<Interop.Libc.Statx>(nameof(Interop.Libc.Statx.Ino)));
        Assert.Equal(8, Marshal.OffsetOf<Interop.Pcap.BpfProgram>(nameof(Interop.Pcap.BpfProgram.BfInsns)));
        Assert.Equal(16, Marshal.OffsetOf<Interop.Pcap.PcapPacketHeader>(nameof(Interop.Pcap.PcapPacketHeader.CapLen)));
        Assert.Equal(20, Marshal.OffsetOf<Interop.Pcap.PcapPacketHeader>(nameof(Interop.Pcap.PcapPacketHeader.Len)));
    }

    [Fact]
    public void Gettid_MainTestThread_IsPositive()
    {
        Assert.True(Interop.Libc.gettid() > 0);
    }
}
