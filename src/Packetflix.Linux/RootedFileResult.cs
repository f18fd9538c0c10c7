namespace Packetflix.Linux;

/// <summary>The outcome of <see cref="RootedFile"/>: the text when <see cref="Status"/> is
/// <see cref="RootedFileStatus.Read"/>, else why not (<see cref="Error"/> for <see cref="RootedFileStatus.Failed"/>).</summary>
public readonly record struct RootedFileResult(RootedFileStatus Status, string? Text, Errno Error);
