namespace Packetflix.Extcap.Merge;

/// <summary>
/// An interface's timestamp unit (draft-ietf-opsawg-pcapng §4.2 <c>if_tsresol</c>: high bit clear, 10^-n s; set,
/// 2^-n s; absent, microseconds) and offset (<c>if_tsoffset</c>, seconds added to every timestamp), so that packets
/// of services that use different units can be put into one order. Blocks keep their own timestamps: each merged
/// IDB keeps its <c>if_tsresol</c>.
/// </summary>
internal readonly record struct InterfaceClock(byte Resolution, long OffsetSeconds)
{
    private const ulong NanosecondsPerSecond = 1_000_000_000UL;

    /// <summary>§4.2: without <c>if_tsresol</c> the unit is 10^-6 s.</summary>
    public static InterfaceClock Default => new(6, 0);

    /// <summary>A timestamp in this interface's units as nanoseconds since 1970 (clamped to the range of a ulong).</summary>
    public ulong ToNanoseconds(ulong timestamp)
    {
        Int128 nanoseconds;
        var exponent = Resolution & 0x7F;
        if ((Resolution & 0x80) != 0)
        {
            // 2^-n: timestamp * 10^9 / 2^n; a timestamp below 2^64 times 10^9 fits in 94 bits.
            nanoseconds = exponent >= 100 ? 0 : (Int128)(((UInt128)timestamp * NanosecondsPerSecond) >> exponent);
        }
        else if (exponent <= 9)
        {
            nanoseconds = (Int128)timestamp * (Int128)Pow10(9 - exponent);
        }
        else
        {
            nanoseconds = exponent - 9 > 38 ? 0 : (Int128)((UInt128)timestamp / Pow10(exponent - 9));
        }

        return Clamp(nanoseconds + ((Int128)OffsetSeconds * NanosecondsPerSecond));
    }

    /// <summary>Nanoseconds since 1970 in this interface's units: for the statistics blocks the merge writes itself.</summary>
    public ulong FromNanoseconds(ulong nanoseconds)
    {
        var value = (Int128)nanoseconds - ((Int128)OffsetSeconds * NanosecondsPerSecond);
        if (value <= 0)
        {
            return 0;
        }

        var exponent = Resolution & 0x7F;
        if ((Resolution & 0x80) != 0)
        {
            return exponent > 64 ? ulong.MaxValue : Clamp((Int128)(((UInt128)value << exponent) / NanosecondsPerSecond));
        }

        return exponent <= 9
            ? Clamp(value / (Int128)Pow10(9 - exponent))
            : exponent - 9 > 19 ? ulong.MaxValue : Clamp(value * (Int128)Pow10(exponent - 9));
    }

    private static UInt128 Pow10(int exponent)
    {
        UInt128 result = 1;
        for (var i = 0; i < exponent; i++)
        {
            result *= 10;
        }

        return result;
    }

    private static ulong Clamp(Int128 value) =>
        value <= 0 ? 0 : value >= ulong.MaxValue ? ulong.MaxValue : (ulong)value;
}
