namespace Packetflix.Extcap.Client;

/// <summary>How a capture session ended.</summary>
/// <param name="Kind">The kind of ending.</param>
/// <param name="Message">For errors: what to tell the person (the server's close reason, or the connection error).</param>
internal sealed record CaptureOutcome(CaptureOutcomeKind Kind, string? Message = null)
{
    /// <summary>0 after a normal end (server finished, or we stopped), 1 after any error.</summary>
    public int ExitCode => Kind is CaptureOutcomeKind.Completed or CaptureOutcomeKind.Stopped ? 0 : 1;
}
