namespace Packetflix.Linux;

/// <summary>Result of <see cref="NetnsHandle.Open"/>; <paramref name="Handle"/> is set only for <see cref="NetnsOpenStatus.Opened"/>.</summary>
public readonly record struct NetnsOpenResult(NetnsOpenStatus Status, NetnsHandle? Handle);
