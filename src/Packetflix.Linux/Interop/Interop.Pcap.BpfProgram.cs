using System.Runtime.InteropServices;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Pcap
    {
        /// <summary><c>struct bpf_program</c> from &lt;pcap/bpf.h&gt;: u_int bf_len; struct bpf_insn *bf_insns.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct BpfProgram
        {
            public uint BfLen;
            public nint BfInsns;
        }
    }
}
