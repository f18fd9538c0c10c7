namespace Packetflix.Discovery.Engines;

/// <summary>A process that looks like a container engine; PID plus start time identify it across PID reuse.</summary>
internal readonly record struct EngineCandidate(int Pid, ulong StartTime, string Comm);
