using System.Runtime.Versioning;

// Capture tests assert process-wide counters (sessions, fds, threads), so they must not overlap.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
[assembly: SupportedOSPlatform("linux")]
