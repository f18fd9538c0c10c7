using System.Reflection;

namespace Packetflix.Core;

/// <summary>The product name and version reported by <c>/version</c> and written into pcapng sections.</summary>
public static class PacketflixVersion
{
    /// <summary>Service name, as upstream reports it in <c>/version</c>.</summary>
    public const string Name = "packetflix";

    /// <summary>Semantic version of this build (from the assembly's informational version, without build metadata).</summary>
    public static string Version { get; } = ReadVersion();

    private static string ReadVersion()
    {
        var informational = typeof(PacketflixVersion).Assembly
            .GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
