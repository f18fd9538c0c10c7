namespace Packetflix.Linux;

/// <summary>
/// The one exception type for unexpected syscall failures. Expected outcomes (a process that vanished, a netns
/// that is gone) are returned as results instead; this is for what callers cannot handle.
/// </summary>
public sealed class ErrnoException : Exception
{
    public ErrnoException(string syscall, Errno errno)
        : base($"{syscall} failed: {LinuxError.Describe(errno)} ({errno})")
    {
        Syscall = syscall;
        Errno = errno;
    }

    /// <summary>The failing call, for example "setns".</summary>
    public string Syscall { get; }

    public Errno Errno { get; }
}
