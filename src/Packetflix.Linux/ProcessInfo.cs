namespace Packetflix.Linux;

/// <summary>One process as seen in /proc (proc_pid_stat(5), proc_pid_status(5), namespaces(7)).</summary>
/// <param name="Pid">PID in our (the initial) PID namespace.</param>
/// <param name="PPid">Parent PID.</param>
/// <param name="Comm">Command name (stat field 2, without parentheses).</param>
/// <param name="StartTime">Clock ticks since boot (stat field 22): with the PID, the identity of a process.</param>
/// <param name="NetnsInode">Inode of its network namespace, 0 when unreadable.</param>
/// <param name="MntnsInode">Inode of its mount namespace, 0 when unreadable.</param>
/// <param name="PidnsInode">Inode of its PID namespace, 0 when unreadable.</param>
/// <param name="NsPids">The <c>NSpid</c> line: its PID in each nested PID namespace, outermost first.</param>
public sealed record ProcessInfo(
    int Pid,
    int PPid,
    string Comm,
    ulong StartTime,
    ulong NetnsInode,
    ulong MntnsInode,
    ulong PidnsInode,
    IReadOnlyList<int> NsPids);
