using System.Runtime.InteropServices;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>SIGINT from &lt;signal.h&gt; (asm-generic/signal.h; the same on x86_64 and arm64).</summary>
        internal const int SigInt = 2;

        /// <summary>SIG_DFL and SIG_IGN from &lt;signal.h&gt;.</summary>
        internal const nint SigDefault = 0;

        internal const nint SigIgnore = 1;

        /// <summary>signal(2); glibc gives it BSD semantics. Returns the previous disposition, SIG_ERR (-1) on error.</summary>
        [LibraryImport(Libraries.Libc, EntryPoint = "signal")]
        internal static partial nint signal(int signum, nint handler);
    }
}
