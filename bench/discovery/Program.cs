using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Packetflix.Bench.Discovery;
using Packetflix.Discovery;
using Packetflix.Discovery.Json;

// Usage: packetflix-bench-discovery [N ...]   (default 10 100 1000 10000; needs root)
int[] sizes = args.Length > 0 ? [.. args.Select(a => int.Parse(a, CultureInfo.InvariantCulture))] : [10, 100, 1000, 10000];
const int WarmRounds = 200;
Console.WriteLine($"| N fake containers | netns found | targets | cold discovery (ms) | cold /mobyshark JSON (ms) | warm /mobyshark, cached render (µs, median of 200) | RSS after (MiB) | peak RSS (MiB) | cold CPU, ours (s) | other CPU during cold (cores of {Environment.ProcessorCount}) | fake containers started in (s) |");
Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
foreach (var n in sizes)
{
    var watchStart = Stopwatch.StartNew();
    using var containers = FakeContainers.Start(n);
    containers.WaitReady(TimeSpan.FromSeconds(600));
    var startedIn = watchStart.Elapsed.TotalSeconds;

    // Cold: a new service, so nothing is cached; the JIT is warmed by one throw-away discovery first.
    using (var warmup = new DiscoveryService(new NullEngines(), TimeProvider.System, NullLogger<DiscoveryService>.Instance))
    {
        await warmup.GetAsync(CancellationToken.None);
    }

    using var service = new DiscoveryService(new NullEngines(), TimeProvider.System, NullLogger<DiscoveryService>.Instance);
    using var self = Process.GetCurrentProcess();
    var cpuBefore = self.TotalProcessorTime;
    var machineBefore = MachineCpu.Read();
    var watch = Stopwatch.StartNew();
    var result = await service.GetAsync(CancellationToken.None);
    var cold = watch.Elapsed.TotalMilliseconds;
    self.Refresh();
    var coldCpu = (self.TotalProcessorTime - cpuBefore).TotalSeconds;
    var machine = MachineCpu.Read() - machineBefore;
    // What else ran during the cold discovery, in cores: the machine's busy time less ours, over the wall time.
    var otherCores = Math.Max(0, machine.BusySeconds - coldCpu) / (cold / 1000);
    watch.Restart();
    _ = DiscoveryJson.Mobyshark(result);
    var coldJson = watch.Elapsed.TotalMilliseconds;

    var warm = new double[WarmRounds];
    for (var i = 0; i < WarmRounds; i++)
    {
        watch.Restart();
        _ = DiscoveryJson.Mobyshark(await service.GetAsync(CancellationToken.None));
        warm[i] = watch.Elapsed.TotalMicroseconds;
    }

    Array.Sort(warm);
    self.Refresh();
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {n} | {result.Namespaces.Count} | {result.Targets.Count} | {cold:0} | {coldJson:0.0} | {warm[WarmRounds / 2]:0.0} | {self.WorkingSet64 / (1024.0 * 1024):0} | {self.PeakWorkingSet64 / (1024.0 * 1024):0} | {coldCpu:0.00} | {otherCores:0.00} | {startedIn:0.0} |"));
}
