namespace Packetflix.Linux;

/// <summary>
/// Undoes an inherited "ignore SIGINT". A non-interactive shell starts background jobs with SIGINT and SIGQUIT set to
/// SIG_IGN (POSIX, Shell Command Language §2.11 "Signals and Error Handling"), and .NET keeps an ignored SIGINT ignored,
/// so <c>packetflix … &amp; kill -INT $!</c> in a script would never stop the service; tcpdump and dumpcap install
/// their handlers regardless. (The CLI, which may reference only Packetflix.Core, has its own copy of this call.)
/// </summary>
public static class InheritedSignals
{
    /// <summary>Call first thing in Main, before the host registers its handlers: an ignored SIGINT becomes SIG_DFL,
    /// which the runtime replaces with its own handler; any other disposition is put back untouched.</summary>
    public static void ResetIgnoredInterrupt()
    {
        var previous = Interop.Libc.signal(Interop.Libc.SigInt, Interop.Libc.SigDefault);
        if (previous != Interop.Libc.SigIgnore && previous != Interop.Libc.SigDefault && previous != -1)
        {
            _ = Interop.Libc.signal(Interop.Libc.SigInt, previous);
        }
    }
}
