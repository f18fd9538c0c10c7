using System.Text;

namespace Packetflix.Server.CaptureApi;

/// <summary>Close frame reasons. RFC 6455 §5.5 limits a control frame payload to 125 bytes, two of which are the
/// status code; upstream sends longer reasons and gorilla then drops the close frame altogether, so we cut.</summary>
internal static class CloseReason
{
    public const int MaxBytes = 123;

    public static string Truncate(string reason)
    {
        if (Encoding.UTF8.GetByteCount(reason) <= MaxBytes)
        {
            return reason;
        }

        var bytes = 0;
        var end = 0;
        while (end < reason.Length)
        {
            var width = char.IsSurrogatePair(reason, end) ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(reason.AsSpan(end, width));
            if (bytes + size > MaxBytes)
            {
                break;
            }

            bytes += size;
            end += width;
        }

        return reason[..end];
    }
}
