using System.Diagnostics;

namespace Packetflix.Tests.Common;

/// <summary>
/// Waits for a condition instead of for a fixed time: a test on a busy machine must neither fail because something took
/// longer than a guessed delay nor pass because the delay hid a bug. The deadline is generous and only bounds a hang.
/// </summary>
public static class Eventually
{
    /// <summary>The deadline for things that take milliseconds on a quiet machine and seconds on a loaded one.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>Polls <paramref name="condition"/> until it holds.</summary>
    /// <exception cref="TimeoutException">It did not hold within <paramref name="deadline"/>; the message names <paramref name="what"/>.</exception>
    public static Task WaitUntilAsync(Func<bool> condition, TimeSpan deadline, CancellationToken cancellationToken, string what = "condition")
    {
        return WaitUntilAsync(_ => Task.FromResult(condition()), deadline, cancellationToken, what);
    }

    /// <summary>As <see cref="WaitUntilAsync(Func{bool}, TimeSpan, CancellationToken, string)"/>, for a condition that must be awaited.</summary>
    public static async Task WaitUntilAsync(
        Func<CancellationToken, Task<bool>> condition, TimeSpan deadline, CancellationToken cancellationToken, string what = "condition")
    {
        if (!await TryWaitUntilAsync(condition, deadline, cancellationToken))
        {
            throw new TimeoutException($"{what} not reached within {deadline.TotalSeconds:0.#} s");
        }
    }

    /// <summary>Polls until <paramref name="condition"/> holds; false when <paramref name="deadline"/> passed first (the caller asserts).</summary>
    public static Task<bool> TryWaitUntilAsync(Func<bool> condition, TimeSpan deadline, CancellationToken cancellationToken)
    {
        return TryWaitUntilAsync(_ => Task.FromResult(condition()), deadline, cancellationToken);
    }

    /// <summary>As <see cref="TryWaitUntilAsync(Func{bool}, TimeSpan, CancellationToken)"/>, for a condition that must be awaited.</summary>
    public static async Task<bool> TryWaitUntilAsync(
        Func<CancellationToken, Task<bool>> condition, TimeSpan deadline, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition(cancellationToken))
        {
            if (clock.Elapsed > deadline)
            {
                return false;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }

        return true;
    }
}
