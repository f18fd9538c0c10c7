namespace Packetflix.Server.Tests.Hostile;

/// <summary>One generated request: its raw bytes, what kind of malformation it carries, and, for upgrades that
/// succeed, the WebSocket frames to send after the 101.</summary>
internal sealed record HostileRequest(string Category, byte[] Bytes, byte[]? AfterUpgrade = null);
