using System.Runtime.InteropServices;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>
        /// <c>struct statx</c> from &lt;linux/stat.h&gt;. Unlike <c>struct stat</c> its layout is the same on every
        /// architecture, which is why statx(2) is used here. The kernel struct is 0x100 bytes; only the fields we
        /// read are declared, at their fixed offsets.
        /// </summary>
        [StructLayout(LayoutKind.Explicit, Size = 256)]
        internal struct Statx
        {
            [FieldOffset(0)]
            public uint Mask;

            [FieldOffset(28)]
            public ushort Mode;

            [FieldOffset(32)]
            public ulong Ino;

            [FieldOffset(136)]
            public uint DevMajor;

            [FieldOffset(140)]
            public uint DevMinor;
        }
    }
}
