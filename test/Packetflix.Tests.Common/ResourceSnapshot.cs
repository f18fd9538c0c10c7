namespace Packetflix.Tests.Common;

/// <summary>Counts of this process's resources at one moment; compare two snapshots to find leaks.</summary>
public sealed record ResourceSnapshot(int OpenFds, int Threads, int ChildProcesses);
