namespace Packetflix.Core.Pcapng;

/// <summary>A target of a <c>partial=1</c> request that could not be captured, listed under <c>unresolved-targets:</c>
/// in the SHB comment with the reason.</summary>
/// <param name="Name">The target's display name (<c>prefix:name</c>, or the netns inode).</param>
/// <param name="Reason">Why it is missing, in the words a single-target request would have closed with.</param>
public sealed record UnresolvedTargetEntry(string Name, string Reason);
