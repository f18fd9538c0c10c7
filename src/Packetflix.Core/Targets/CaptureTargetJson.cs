using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Packetflix.Core.Targets;

/// <summary>
/// Decodes and encodes <see cref="CaptureTarget"/> with Go encoding/json semantics: case-insensitive names,
/// unknown fields ignored, integers only, and omitempty on output.
/// </summary>
public static class CaptureTargetJson
{
    private static readonly JsonSerializerOptions Options = CreateOptions();
    private static readonly JsonTypeInfo<CaptureTarget> TypeInfo = (JsonTypeInfo<CaptureTarget>)Options.GetTypeInfo(typeof(CaptureTarget));
    private static readonly JsonTypeInfo<CaptureTargetList> ListTypeInfo =
        (JsonTypeInfo<CaptureTargetList>)Options.GetTypeInfo(typeof(CaptureTargetList));

    private static readonly JsonTypeInfo<List<CaptureTarget>> ArrayTypeInfo =
        (JsonTypeInfo<List<CaptureTarget>>)Options.GetTypeInfo(typeof(List<CaptureTarget>));

    /// <summary>Parses a <c>/mobyshark</c> document (UTF-8 JSON) into its targets.</summary>
    public static bool TryParseList(
        ReadOnlySpan<byte> utf8Json, [NotNullWhen(true)] out List<CaptureTarget>? targets, [NotNullWhen(false)] out string? error)
    {
        targets = null;
        try
        {
            var list = JsonSerializer.Deserialize(utf8Json, ListTypeInfo);
            if (list is null)
            {
                error = "json: target list must be an object, not null";
                return false;
            }

            targets = list.Containers ?? [];
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            error = Describe(ex);
            return false;
        }
    }

    /// <summary>Parses a JSON array of Target objects (the multi-target <c>targets</c> parameter, docs/api.md).</summary>
    public static bool TryParseArray(
        string json, [NotNullWhen(true)] out List<CaptureTarget>? targets, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        targets = null;
        try
        {
            var parsed = JsonSerializer.Deserialize(json, ArrayTypeInfo);
            if (parsed is null)
            {
                error = "json: targets must be an array, not null";
                return false;
            }

            foreach (var target in parsed)
            {
                if (target is null)
                {
                    error = "json: a target must be an object, not null";
                    return false;
                }

                if (target.NetworkInterfaces is { } interfaces)
                {
                    for (var i = 0; i < interfaces.Count; i++)
                    {
                        interfaces[i] ??= string.Empty;
                    }
                }
            }

            targets = parsed;
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            error = Describe(ex);
            return false;
        }
    }

    /// <summary>Parses a Target JSON object; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(
        string json, [NotNullWhen(true)] out CaptureTarget? target, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(json);
        target = null;
        try
        {
            var parsed = JsonSerializer.Deserialize(json, TypeInfo);
            if (parsed is null)
            {
                error = "json: target description must be an object, not null";
                return false;
            }

            // Go decodes a null array element into a string as "".
            if (parsed.NetworkInterfaces is { } interfaces)
            {
                for (var i = 0; i < interfaces.Count; i++)
                {
                    interfaces[i] ??= string.Empty;
                }
            }

            target = parsed;
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            error = Describe(ex);
            return false;
        }
    }

    /// <summary>Serializes to compact JSON in Go field order, omitting empty omitempty fields.</summary>
    public static string Serialize(CaptureTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        return JsonSerializer.Serialize(target, TypeInfo);
    }

    /// <summary>Serializes several targets as one compact JSON array (the multi-target <c>targets</c> parameter).</summary>
    public static string SerializeArray(IEnumerable<CaptureTarget> targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        return "[" + string.Join(',', targets.Select(Serialize)) + "]";
    }

    private static string Describe(JsonException ex)
    {
        // Our converter says "json: cannot unmarshal <kind> into int64"; add the field the way Go does.
        var message = ex.Message;
        const string Suffix = " into int64";
        if (message.StartsWith("json:", StringComparison.Ordinal) && message.EndsWith(Suffix, StringComparison.Ordinal)
            && ex.Path is { } path)
        {
            var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;
            return $"{message[..^Suffix.Length]} into field {field} of type int64";
        }

        return message;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        return new JsonSerializerOptions(CaptureTargetJsonContext.Default.Options)
        {
            TypeInfoResolver = CaptureTargetJsonContext.Default.WithAddedModifier(ApplyOmitEmpty),
        };
    }

    private static void ApplyOmitEmpty(JsonTypeInfo typeInfo)
    {
        // Go's omitempty also drops empty strings, which JsonIgnoreCondition cannot express.
        foreach (var property in typeInfo.Properties)
        {
            if ((typeInfo.Type == typeof(CaptureTarget) && property.Name == "node-name")
                || (typeInfo.Type == typeof(ClusterInfo) && property.Name == "uid"))
            {
                property.ShouldSerialize = static (_, value) => !string.IsNullOrEmpty((string?)value);
            }
        }
    }
}
