using System.Runtime.InteropServices;

namespace Packetflix.Extcap.Cli;

/// <summary>
/// Undoes an inherited "ignore SIGINT" before .NET looks at it. A non-interactive shell starts background jobs with
/// SIGINT (and SIGQUIT) set to SIG_IGN (POSIX, Shell Command Language §2.11), and .NET keeps an ignored SIGINT ignored,
/// so <c>packetflix capture … &amp; kill -INT $!</c> would never stop; tcpdump and dumpcap install their handler
/// regardless. An ignored SIGHUP is left ignored: that is nohup(1)'s promise, and tcpdump keeps it too. The client
/// references only Packetflix.Core (no Packetflix.Linux, where interop normally lives), and no
/// managed API changes a signal's disposition, so this one libc call lives here.
/// </summary>
internal static partial class InheritedSignals
{
    private const int SigInt = 2;
    private static readonly nint SigDefault = 0;
    private static readonly nint SigIgnore = 1;

    /// <summary>Call first thing in Main, before anything registers a signal handler: an ignored SIGINT becomes
    /// SIG_DFL, which the runtime then replaces with its handler when a PosixSignalRegistration asks for it;
    /// any other disposition is put back untouched.</summary>
    public static void ResetIgnoredInterrupt()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var previous = Signal(SigInt, SigDefault);
        if (previous != SigIgnore && previous != SigDefault && previous != -1)
        {
            _ = Signal(SigInt, previous);
        }
    }

    /// <summary>signal(2); glibc gives it BSD semantics (the handler stays installed, SA_RESTART).</summary>
    [LibraryImport("libc", EntryPoint = "signal")]
    private static partial nint Signal(int signum, nint handler);
}
