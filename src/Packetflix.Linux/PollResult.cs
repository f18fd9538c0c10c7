namespace Packetflix.Linux;

/// <summary>Outcome of <see cref="FdPoll"/>: <paramref name="Ready"/> when revents is non-zero; <paramref name="Error"/> when poll(2) failed.</summary>
public readonly record struct PollResult(bool Ready, short Revents, Errno Error);
