using System.Runtime.InteropServices;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary><c>struct if_nameindex</c> from &lt;net/if.h&gt;: unsigned int if_index; char *if_name (16 bytes on LP64).</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal unsafe struct IfNameIndex
        {
            public uint IfIndex;
            public byte* IfName;
        }
    }
}
