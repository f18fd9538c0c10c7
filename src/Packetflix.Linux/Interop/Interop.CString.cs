using System.Runtime.InteropServices;

namespace Packetflix.Linux;

internal static partial class Interop
{
    /// <summary>
    /// Copies a NUL-terminated UTF-8 C string (for example from pcap_geterr(3PCAP)) into a .NET string.
    /// A null pointer yields an empty string, so error paths never have to handle null twice.
    /// </summary>
    internal static unsafe string FromCString(byte* value)
    {
        return value == null ? string.Empty : Marshal.PtrToStringUTF8((nint)value) ?? string.Empty;
    }

    /// <summary>The UTF-8 bytes of <paramref name="text"/> with the NUL a C string ends with.</summary>
    internal static byte[] ToCString(string text)
    {
        var bytes = new byte[System.Text.Encoding.UTF8.GetByteCount(text) + 1];
        System.Text.Encoding.UTF8.GetBytes(text, bytes);
        return bytes;
    }
}
