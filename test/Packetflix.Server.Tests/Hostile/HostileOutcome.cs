namespace Packetflix.Server.Tests.Hostile;

/// <summary>What one hostile request got: "HTTP 400", "WS 1011", ..., and the body or close reason.</summary>
internal sealed record HostileOutcome(string Category, string Result, string Body);
