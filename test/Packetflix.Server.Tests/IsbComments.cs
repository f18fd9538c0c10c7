using System.Globalization;
using System.Text.RegularExpressions;

namespace Packetflix.Server.Tests;

/// <summary>The counts in an interface statistics block's comment, in its documented format (docs/api.md,
/// "Accounting" and "Time order"); 0 when the comment does not state one.</summary>
internal static partial class IsbComments
{
    public static long SlowClientDrops(string? comment) => Number(SlowClientPattern(), comment);

    public static long SessionEndDrops(string? comment) => Number(SessionEndPattern(), comment);

    public static long WrittenOutOfOrder(string? comment) => Number(OutOfOrderPattern(), comment);

    private static long Number(Regex pattern, string? comment) =>
        comment is not null && pattern.Match(comment) is { Success: true } match
            ? long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture)
            : 0;

    [GeneratedRegex("packetflix dropped (\\d+) packets because the client did not keep up")]
    private static partial Regex SlowClientPattern();

    [GeneratedRegex("packetflix dropped (\\d+) buffered packets at session end")]
    private static partial Regex SessionEndPattern();

    [GeneratedRegex("packetflix wrote (\\d+) packets out of time order")]
    private static partial Regex OutOfOrderPattern();
}
