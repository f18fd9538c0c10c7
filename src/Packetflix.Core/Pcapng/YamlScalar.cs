using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Packetflix.Core.Pcapng;

/// <summary>
/// Emits a string as a block-mapping value the way gopkg.in/yaml.v3 <c>Marshal</c> does, so that the SHB
/// comment is byte-identical to csharg's. yaml.v3 first asks whether the plain text would resolve to another
/// type (then it forces double quotes), then lets the emitter analysis downgrade plain to single quotes and
/// single quotes to double quotes (yaml.v3 encode.go <c>stringv</c>, emitterc.go
/// <c>yaml_emitter_analyze_scalar</c> and <c>yaml_emitter_select_scalar_style</c>).
/// </summary>
internal static partial class YamlScalar
{
    /// <summary>
    /// Appends <paramref name="value"/> and the line break; the caller has written <c>key:</c>.
    /// <paramref name="indent"/> is the key's indentation; literal block content goes 4 further, as in yaml.v3.
    /// </summary>
    public static void AppendValue(StringBuilder yaml, string value, int indent)
    {
        var analysis = Analyze(value);
        string style;
        if (value.Contains('\n', StringComparison.Ordinal))
        {
            // Multi-line strings are requested as literal blocks, unless the content forbids it.
            style = analysis.BlockAllowed ? "literal" : "double";
        }
        else if (!ResolvesToString(value))
        {
            style = "double";
        }
        else if (analysis.BlockPlainAllowed)
        {
            style = "plain";
        }
        else
        {
            style = analysis.SingleQuotedAllowed ? "single" : "double";
        }

        switch (style)
        {
            case "plain":
                yaml.Append(' ').Append(value).Append('\n');
                break;
            case "single":
                yaml.Append(" '").Append(value.Replace("'", "''", StringComparison.Ordinal)).Append("'\n");
                break;
            case "literal":
                AppendLiteral(yaml, value, indent + 4);
                break;
            default:
                AppendDoubleQuoted(yaml, value);
                break;
        }
    }

    private static bool ResolvesToString(string value)
    {
        // yaml.v3 resolve.go: only text whose first character hints at a non-string is checked.
        if (value.Length == 0)
        {
            return false;
        }

        if (value is "~" or "null" or "Null" or "NULL" or "true" or "True" or "TRUE" or "false" or "False" or "FALSE"
            or ".nan" or ".NaN" or ".NAN" or ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF"
            or "-.inf" or "-.Inf" or "-.INF" or "<<")
        {
            return false;
        }

        // encode.go isOldBool: YAML 1.1 booleans are quoted for the sake of older parsers.
        if (value is "y" or "Y" or "yes" or "Yes" or "YES" or "on" or "On" or "ON"
            or "n" or "N" or "no" or "No" or "NO" or "off" or "Off" or "OFF")
        {
            return false;
        }

        var first = value[0];
        if (first == '.')
        {
            return !DotFloat().IsMatch(value);
        }

        if (first is not ('+' or '-' or (>= '0' and <= '9')))
        {
            return true;
        }

        if (Base60Float().IsMatch(value) || Timestamp().IsMatch(value))
        {
            return false;
        }

        var plain = value.Replace("_", string.Empty, StringComparison.Ordinal);
        return !(GoInteger().IsMatch(plain) || YamlFloat().IsMatch(plain));
    }

    private static (bool BlockPlainAllowed, bool SingleQuotedAllowed, bool BlockAllowed) Analyze(string value)
    {
        if (value.Length == 0)
        {
            return (true, true, false);
        }

        var blockIndicators = value.StartsWith("---", StringComparison.Ordinal) || value.StartsWith("...", StringComparison.Ordinal);
        bool lineBreaks = false, special = false, tabs = false, leadingSpace = false, leadingBreak = false;
        bool trailingSpace = false, trailingBreak = false, breakSpace = false, spaceBreak = false;
        bool previousSpace = false, previousBreak = false, precededByWhitespace = true;
        var runes = value.EnumerateRunes().ToArray();
        for (var i = 0; i < runes.Length; i++)
        {
            var c = runes[i].Value;
            // emitterc.go: "followed by whitespace" means a blank (space or tab) or the end, not a line break.
            var followedByWhitespace = i + 1 >= runes.Length || runes[i + 1].Value is ' ' or '\t';
            if (i == 0)
            {
                blockIndicators |= c is '#' or ',' or '[' or ']' or '{' or '}' or '&' or '*' or '!' or '|' or '>'
                    or '\'' or '"' or '%' or '@' or '`';
                blockIndicators |= c is '?' or ':' or '-' && followedByWhitespace;
            }
            else
            {
                blockIndicators |= c == ':' && followedByWhitespace;
                blockIndicators |= c == '#' && precededByWhitespace;
            }

            if (c == '\t')
            {
                tabs = true;
            }
            else if (!IsPrintable(c))
            {
                special = true;
            }

            if (c == ' ')
            {
                leadingSpace |= i == 0;
                trailingSpace |= i == runes.Length - 1;
                breakSpace |= previousBreak;
                (previousSpace, previousBreak) = (true, false);
            }
            else if (IsBreak(c))
            {
                lineBreaks = true;
                leadingBreak |= i == 0;
                trailingBreak |= i == runes.Length - 1;
                spaceBreak |= previousSpace;
                (previousSpace, previousBreak) = (false, true);
            }
            else
            {
                (previousSpace, previousBreak) = (false, false);
            }

            precededByWhitespace = c is ' ' or '\t' or 0 || IsBreak(c);
        }

        var plain = !(leadingSpace || leadingBreak || trailingSpace || trailingBreak || breakSpace || spaceBreak
            || tabs || special || lineBreaks || blockIndicators);
        var single = !(breakSpace || spaceBreak || tabs || special);
        var block = !(trailingSpace || spaceBreak || special);
        return (plain, single, block);
    }

    private static bool IsBreak(int c) => c is '\r' or '\n' or 0x85 or 0x2028 or 0x2029;

    // emitterc.go is_printable (yaml.v3 emits with unicode enabled).
    private static bool IsPrintable(int c) =>
        c == 0x0A || c is >= 0x20 and <= 0x7E || c is >= 0xA0 and <= 0xD7FF || (c is >= 0xE000 and <= 0xFFFD && c != 0xFEFF);

    private static void AppendDoubleQuoted(StringBuilder yaml, string value)
    {
        yaml.Append(" \"");
        foreach (var rune in value.EnumerateRunes())
        {
            var c = rune.Value;
            if (IsPrintable(c) && !IsBreak(c) && c is not ('"' or '\\' or 0xFEFF))
            {
                yaml.Append(rune.ToString());
                continue;
            }

            // emitterc.go yaml_emitter_write_double_quoted_scalar escapes.
            yaml.Append(c switch
            {
                0 => "\\0",
                0x07 => "\\a",
                0x08 => "\\b",
                0x09 => "\\t",
                0x0A => "\\n",
                0x0B => "\\v",
                0x0C => "\\f",
                0x0D => "\\r",
                0x1B => "\\e",
                '"' => "\\\"",
                '\\' => "\\\\",
                0x85 => "\\N",
                0xA0 => "\\_",
                0x2028 => "\\L",
                0x2029 => "\\P",
                <= 0xFF => "\\x" + c.ToString("X2", CultureInfo.InvariantCulture),
                <= 0xFFFF => "\\u" + c.ToString("X4", CultureInfo.InvariantCulture),
                _ => "\\U" + c.ToString("X8", CultureInfo.InvariantCulture),
            });
        }

        yaml.Append("\"\n");
    }

    private static void AppendLiteral(StringBuilder yaml, string value, int indent)
    {
        // emitterc.go yaml_emitter_write_block_scalar_hints: an indentation indicator when the text starts with
        // a space or break, then the chomping indicator: "-" strip, "+" keep, none for a single final break.
        yaml.Append(" |");
        if (value[0] is ' ' or '\n')
        {
            yaml.Append(4);
        }

        if (value[^1] != '\n')
        {
            yaml.Append('-');
        }
        else if (value.Length == 1 || value[^2] == '\n')
        {
            yaml.Append('+');
        }

        yaml.Append('\n');
        var breaks = true;
        foreach (var c in value)
        {
            if (c == '\n')
            {
                yaml.Append('\n');
                breaks = true;
                continue;
            }

            if (breaks)
            {
                yaml.Append(' ', indent);
                breaks = false;
            }

            yaml.Append(c);
        }

        if (!breaks)
        {
            yaml.Append('\n');
        }
    }

    [GeneratedRegex(@"^[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?$", RegexOptions.CultureInvariant)]
    private static partial Regex Base60Float();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlFloat();

    [GeneratedRegex(@"^\.[0-9]+([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex DotFloat();

    // Go strconv.ParseInt/ParseUint with base 0: decimal, 0x hex, 0o or leading-0 octal, 0b binary.
    [GeneratedRegex(@"^[-+]?(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[0-7]*|0[bB][01]+|[1-9][0-9]*)$", RegexOptions.CultureInvariant)]
    private static partial Regex GoInteger();

    // resolve.go parseTimestamp: YYYY-M-D, optionally with a time ("T", "t" or " ") and zone.
    [GeneratedRegex(
        @"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\.[0-9]+)?(Z|[-+][0-9]{2}:[0-9]{2})?)?$",
        RegexOptions.CultureInvariant)]
    private static partial Regex Timestamp();
}
