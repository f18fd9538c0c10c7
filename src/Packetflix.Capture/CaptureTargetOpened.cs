namespace Packetflix.Capture;

/// <summary>A target of a multi-target capture that was opened, with the interfaces it got (after <c>all</c> was
/// expanded), in IDB order.</summary>
public sealed record CaptureTargetOpened(int Index, IReadOnlyList<string> Interfaces);
