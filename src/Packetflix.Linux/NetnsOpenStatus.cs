namespace Packetflix.Linux;

/// <summary>Outcome of <see cref="NetnsHandle.Open"/>.</summary>
public enum NetnsOpenStatus
{
    /// <summary>The netns is open and verified; the result carries the handle.</summary>
    Opened,

    /// <summary>No process or bind mount refers to the netns (any more).</summary>
    NotFound,

    /// <summary>A pid was given, but that process is gone or has a different start time (pid reuse).</summary>
    ProcessMismatch,

    /// <summary>The netns was found but could not be opened or checked.</summary>
    Failed,
}
