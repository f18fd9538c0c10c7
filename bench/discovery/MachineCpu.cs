using System.Globalization;

namespace Packetflix.Bench.Discovery;

/// <summary>The machine's CPU time from the first line of /proc/stat (proc(5): user nice system idle iowait irq
/// softirq steal, in USER_HZ ticks), so the bench can say how much else ran beside it.</summary>
internal readonly record struct MachineCpu(double BusySeconds)
{
    // sysconf(_SC_CLK_TCK) is 100 on every Linux ABI .NET runs on.
    private const double TicksPerSecond = 100;

    public static MachineCpu operator -(MachineCpu a, MachineCpu b) => new(a.BusySeconds - b.BusySeconds);

    public static MachineCpu Subtract(MachineCpu a, MachineCpu b) => a - b;

    public static MachineCpu Read()
    {
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var ticks = fields.Skip(1).Take(8).Select(f => double.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        // Busy is everything but idle (4th) and iowait (5th).
        var busy = ticks.Sum() - ticks[3] - ticks[4];
        return new MachineCpu(busy / TicksPerSecond);
    }
}
