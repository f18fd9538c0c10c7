using Packetflix.Discovery.Json;

namespace Packetflix.Discovery.Explorer;

/// <summary>The lazily computed parts of one netns in <c>/json</c>.</summary>
public sealed record NetnsExtras(IReadOnlyList<UiSocket>? Sockets, IReadOnlyList<UiForwardedPort> ForwardedPorts, string? Reason);
