using Microsoft.Win32.SafeHandles;

namespace Packetflix.Linux;

/// <summary>Owns a <c>pcap_t*</c>; closing it closes the capture socket and frees the ring (pcap_close(3PCAP)).</summary>
internal sealed class SafePcapHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>Used by the LibraryImport marshaller for pcap_create's return value.</summary>
    public SafePcapHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        // pcap_close returns void and does not fail; nothing here may throw (SafeHandle contract).
        Interop.Pcap.pcap_close(handle);
        return true;
    }
}
