namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static class Libraries
    {
        // glibc; the runtime's loader maps "libc" to libc.so.6 on Linux.
        internal const string Libc = "libc";

        // Debian/Ubuntu ship the runtime library under its soname only; the unversioned libpcap.so
        // symlink comes with libpcap-dev, which a production host does not have (docs/protocol.md §18.3).
        internal const string Pcap = "libpcap.so.0.8";
    }
}
