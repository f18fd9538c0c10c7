namespace Packetflix.Tests.Common;

/// <summary>
/// A lock shared by the test processes on this machine (test assemblies run in parallel): a test that restarts a shared
/// engine takes it exclusively, tests that need the engine up throughout take it shared. .NET maps
/// <see cref="FileShare.None"/> to an exclusive and other sharing modes to a shared <c>flock(2)</c> on Unix, released
/// when the file is closed (also when the process dies).
/// </summary>
public sealed class MachineLock : IDisposable
{
    /// <summary>Held exclusively by a test that restarts the stand-alone containerd, shared by tests that need it up.</summary>
    public const string StandaloneContainerd = "containerd";

    private static readonly TimeSpan RetryInterval = TimeSpan.FromMilliseconds(100);

    private readonly FileStream _file;

    private MachineLock(FileStream file)
    {
        _file = file;
    }

    /// <summary>Waits for the lock <paramref name="name"/> (in /run/lock); an exclusive lock waits for every holder.</summary>
    /// <exception cref="TimeoutException">Not acquired within <paramref name="deadline"/>.</exception>
    public static async Task<MachineLock> AcquireAsync(string name, bool exclusive, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var path = Path.Combine(Directory.Exists("/run/lock") ? "/run/lock" : Path.GetTempPath(), $"packetflix-test-{name}.lock");
        var until = DateTime.UtcNow + deadline;
        while (true)
        {
            try
            {
                var file = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite,
                    exclusive ? FileShare.None : FileShare.ReadWrite);
                return new MachineLock(file);
            }
            catch (IOException) when (DateTime.UtcNow < until)
            {
                await Task.Delay(RetryInterval, cancellationToken);
            }
            catch (IOException e)
            {
                throw new TimeoutException($"lock {path} ({(exclusive ? "exclusive" : "shared")}) not acquired within {deadline.TotalSeconds:0} s", e);
            }
        }
    }

    public void Dispose() => _file.Dispose();
}
