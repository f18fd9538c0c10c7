namespace Packetflix.Linux;

/// <summary>
/// Where a network namespace was found: a path that opens it (/proc/PID/ns/net or an nsfs bind mount) and,
/// when found through a process, that process's pid.
/// </summary>
public sealed record NetnsLocation(string Path, int? Pid);
