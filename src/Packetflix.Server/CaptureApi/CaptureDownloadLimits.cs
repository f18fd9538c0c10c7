using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Packetflix.Server.CaptureApi;

/// <summary>
/// When a <c>GET /capture.pcapng</c> download ends on its own: after <c>duration</c> seconds, after <c>count</c>
/// packets, whichever comes first. Without either it runs until the client stops the download.
/// </summary>
internal sealed record CaptureDownloadLimits(TimeSpan? Duration, long? Count)
{
    /// <summary>A week: long enough for any download, short enough that the timer cannot overflow.</summary>
    public const double MaximumDurationSeconds = 7 * 24 * 3600;

    /// <summary>Parses the query; an empty value is the same as none (HTML forms send empty fields).</summary>
    public static bool TryParse(IQueryCollection query, out CaptureDownloadLimits limits, [NotNullWhen(false)] out string? error)
    {
        limits = new CaptureDownloadLimits(null, null);
        error = null;
        TimeSpan? duration = null;
        long? count = null;
        if (First(query, "duration") is { } durationText)
        {
            if (!double.TryParse(durationText, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var seconds)
                || seconds <= 0 || seconds > MaximumDurationSeconds)
            {
                error = $"invalid duration \"{durationText}\": must be a number of seconds, more than 0 and at most {MaximumDurationSeconds}";
                return false;
            }

            duration = TimeSpan.FromSeconds(seconds);
        }

        if (First(query, "count") is { } countText)
        {
            if (!long.TryParse(countText, NumberStyles.None, CultureInfo.InvariantCulture, out var packets) || packets <= 0)
            {
                error = $"invalid count \"{countText}\": must be a whole number of packets, at least 1";
                return false;
            }

            count = packets;
        }

        limits = new CaptureDownloadLimits(duration, count);
        return true;
    }

    private static string? First(IQueryCollection query, string key) =>
        query.TryGetValue(key, out var values) && values.Count > 0 && !string.IsNullOrEmpty(values[0]) ? values[0] : null;
}
