namespace Packetflix.Core.Pcapng;

/// <summary>One target of a multi-target capture, as listed under <c>targets:</c> in the SHB comment (docs/api.md,
/// "Several targets").</summary>
/// <param name="Name">Target name.</param>
/// <param name="Type">Target type (engine type, <c>pod</c>, <c>proc</c>…).</param>
/// <param name="Prefix">Prefix of a nested engine, or empty.</param>
/// <param name="Netns">Network namespace inode.</param>
/// <param name="Interfaces">The interface names captured (as in the IDBs' <c>if_name</c> after the <c>/</c>).</param>
public sealed record CaptureTargetEntry(string Name, string Type, string Prefix, ulong Netns, IReadOnlyList<string> Interfaces);
