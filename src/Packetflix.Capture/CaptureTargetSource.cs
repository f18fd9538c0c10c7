namespace Packetflix.Capture;

/// <summary>One target of a multi-target capture: its namespace, interfaces and how its IDBs are labelled.</summary>
/// <param name="Label">Names the target in IDBs (<c>Label/nif</c>) and in errors: <c>prefix:name</c>, the name, or
/// the netns inode.</param>
/// <param name="Namespace">The namespace to open and check (inode, pid, start time).</param>
/// <param name="Interfaces">Interface names as for a single target (<c>any</c>, <c>all</c>, names).</param>
/// <param name="Description">The IDBs' <c>if_description</c>.</param>
/// <param name="Filter">A per-target filter overriding the session's, or null.</param>
public sealed record CaptureTargetSource(string Label, CaptureNamespace Namespace, IReadOnlyList<string> Interfaces,
    string? Description, string? Filter)
{
    /// <summary>Finds the target again by name once its namespace is gone (a restart), or null when it cannot be: the
    /// new namespace then joins the stream (docs/api.md, "Several targets"). The answer may still be the old namespace,
    /// or nothing yet; it is asked again.</summary>
    public Func<CancellationToken, Task<CaptureTargetSource?>>? Reresolve { get; init; }
}
