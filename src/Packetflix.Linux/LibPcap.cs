using System.Runtime.InteropServices;

namespace Packetflix.Linux;

/// <summary>Checks whether libpcap can be loaded before any pcap_* import is called (which would throw DllNotFoundException).</summary>
public static class LibPcap
{
    /// <summary>The pcap_lib_version(3PCAP) string, e.g. "libpcap version 1.10.3 (with TPACKET_V3)". Call <see cref="TryLoad"/> first.</summary>
    public static unsafe string Version => Interop.FromCString(Interop.Pcap.pcap_lib_version());

    /// <summary>Loads <c>libpcap.so.0.8</c>; on failure <paramref name="error"/> says what to install.</summary>
    public static bool TryLoad(out string? error)
    {
        // The handle is deliberately never freed: the LibraryImport stubs bind to the same library for the
        // lifetime of the process, so keeping it loaded costs nothing.
        if (NativeLibrary.TryLoad(Interop.Libraries.Pcap, out _))
        {
            error = null;
            return true;
        }

        error = $"cannot load {Interop.Libraries.Pcap}; install the libpcap0.8 package";
        return false;
    }
}
