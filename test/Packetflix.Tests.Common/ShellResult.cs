namespace Packetflix.Tests.Common;

/// <summary>Exit code and complete output of a finished subprocess.</summary>
public sealed record ShellResult(int ExitCode, string StdOut, string StdErr);
