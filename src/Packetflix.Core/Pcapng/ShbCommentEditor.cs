namespace Packetflix.Core.Pcapng;

/// <summary>
/// Rewrites the capture target YAML inside an SHB comment exactly as csharg's <c>pcapng.StreamEditor</c>
/// does (docs/protocol.md §8 step 3).
/// </summary>
public static class ShbCommentEditor
{
    /// <summary>
    /// Removes an existing capture target document from <paramref name="existingComment"/> (keeping any text
    /// before it and any YAML document after it) and appends the document for <paramref name="target"/>.
    /// </summary>
    public static string ReplaceTargetInformation(string? existingComment, CaptureTargetComment target)
    {
        ArgumentNullException.ThrowIfNull(target);
        var comment = StripTargetInformation(existingComment ?? string.Empty);
        if (comment.Length > 0 && !comment.EndsWith('\n'))
        {
            comment += "\n";
        }

        return comment + target.ToYaml();
    }

    private static string StripTargetInformation(string comment)
    {
        // csharg markerstart: (^|\n) followed by the marker; the first match wins.
        var start = FindMarker(comment);
        if (start < 0)
        {
            return comment;
        }

        var yamlStart = start + CaptureTargetComment.Marker.Length;
        var end = FindDocumentEnd(comment, yamlStart);

        // The text from "\n---" on is the next YAML document and is kept; without it the YAML runs to the end.
        return end < 0 ? comment[..start] : comment[..start] + comment[end..];
    }

    private static int FindMarker(string comment)
    {
        if (comment.StartsWith(CaptureTargetComment.Marker, StringComparison.Ordinal))
        {
            return 0;
        }

        var index = comment.IndexOf("\n" + CaptureTargetComment.Marker, StringComparison.Ordinal);
        return index < 0 ? -1 : index + 1;
    }

    private static int FindDocumentEnd(string comment, int from)
    {
        // csharg markerend: "\n---" followed by the end of the text or "\n".
        var index = from;
        while ((index = comment.IndexOf("\n---", index, StringComparison.Ordinal)) >= 0)
        {
            var after = index + 4;
            if (after == comment.Length || comment[after] == '\n')
            {
                return index;
            }

            index++;
        }

        return -1;
    }
}
