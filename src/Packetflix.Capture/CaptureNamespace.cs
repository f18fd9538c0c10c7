namespace Packetflix.Capture;

/// <summary>The network namespace a capture is asked for: its inode and, when known, a process in it with that
/// process's start time, so that a reused inode or pid is not mistaken for the target.</summary>
/// <param name="Inode">The nsfs inode of the namespace.</param>
/// <param name="Pid">A process in the namespace, or 0.</param>
/// <param name="StartTime">That process's start time (proc(5), /proc/PID/stat field 22), or 0.</param>
public sealed record CaptureNamespace(ulong Inode, long Pid, ulong StartTime)
{
    /// <summary>Upstream's text for a namespace that is nowhere to be found.</summary>
    public const string ErrorNotFound = "could not locate network namespace for container";

    /// <summary>Upstream's text for a namespace that was found but is not the target's (or cannot be opened).</summary>
    public const string ErrorCannotLock = "cannot lock target network stack";
}
