using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Packetflix.Core.Targets;

/// <summary>
/// Reads an int64 the way Go's encoding/json does: only JSON integers are accepted (no strings, no fractions
/// or exponents), and <c>null</c> leaves the value at its default.
/// </summary>
internal sealed class GoInt64Converter : JsonConverter<long>
{
    public override bool HandleNull => true;

    public override long Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        return reader.TokenType switch
        {
            JsonTokenType.Null => 0,
            JsonTokenType.Number when reader.TryGetInt64(out var value) => value,
            JsonTokenType.Number => throw new JsonException("json: cannot unmarshal number " + NumberText(ref reader) + " into int64"),
            _ => throw new JsonException("json: cannot unmarshal " + Describe(reader.TokenType) + " into int64"),
        };
    }

    public override void Write(Utf8JsonWriter writer, long value, JsonSerializerOptions options)
    {
        writer.WriteNumberValue(value);
    }

    private static string NumberText(ref Utf8JsonReader reader) =>
        Encoding.UTF8.GetString(reader.HasValueSequence ? BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan);

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.String => "string",
        JsonTokenType.True or JsonTokenType.False => "bool",
        JsonTokenType.StartArray => "array",
        JsonTokenType.StartObject => "object",
        _ => "value",
    };
}
