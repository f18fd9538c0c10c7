using System.Text;

namespace Packetflix.Core.Pcapng;

/// <summary>Lookups over parsed option lists.</summary>
internal static class PcapngOptions
{
    public static PcapngOption? Find(IReadOnlyList<PcapngOption> options, ushort code)
    {
        foreach (var option in options)
        {
            if (option.Code == code)
            {
                return option;
            }
        }

        return null;
    }

    public static string? FindString(IReadOnlyList<PcapngOption> options, ushort code) =>
        Find(options, code) is { } option ? Encoding.UTF8.GetString(option.Value.Span) : null;
}
