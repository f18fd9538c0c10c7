namespace Packetflix.Discovery.Model;

/// <summary>Another interface in the same netns, e.g. a bridge master.</summary>
public sealed record InterfaceRef(string Name, int Index);
