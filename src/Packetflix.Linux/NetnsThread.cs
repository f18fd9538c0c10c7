using Microsoft.Win32.SafeHandles;

namespace Packetflix.Linux;

/// <summary>
/// Runs code inside another network namespace. setns(2) switches only the calling OS thread, and a thread-pool thread
/// left in a foreign netns would silently open sockets there for unrelated work. So every call gets a fresh,
/// dedicated thread that enters the netns, runs the action, switches back and then ends; it never returns to a pool.
/// Sockets, pcap handles and netlink sockets created by the action stay bound to the target netns and may be used
/// from any thread afterwards (docs/protocol.md §18.2).
/// </summary>
public static class NetnsThread
{
    // Where the calling thread's own netns is found. thread-self, not self: /proc/self names the thread group
    // leader, whose netns may differ from ours (proc(5)).
    private const string OwnNetnsPath = "/proc/thread-self/ns/net";

    /// <summary>
    /// Runs <paramref name="action"/> on a dedicated thread inside <paramref name="netns"/> and completes with its
    /// result or exception. Failing to enter the netns completes with an <see cref="ErrnoException"/>.
    /// The action must not block on tasks or start thread-pool work that relies on the netns: only its own thread switched.
    /// </summary>
    public static Task<T> RunAsync<T>(SafeFileHandle netns, Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(netns);
        ArgumentNullException.ThrowIfNull(action);

        // RunContinuationsAsynchronously: awaiting code must never continue inline on the switched thread.
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => Run(netns, action, completion))
        {
            IsBackground = true,
            Name = "pf-netns",
        };
        thread.Start();
        return completion.Task;
    }

    /// <inheritdoc cref="RunAsync{T}(SafeFileHandle, Func{T})"/>
    public static Task RunAsync(SafeFileHandle netns, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return RunAsync(netns, () =>
        {
            action();
            return true;
        });
    }

    private static void Run<T>(SafeFileHandle netns, Func<T> action, TaskCompletionSource<T> completion)
    {
        SafeFileHandle original;
        try
        {
            original = File.OpenHandle(OwnNetnsPath, FileMode.Open, FileAccess.Read);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            completion.SetException(e);
            return;
        }

        using (original)
        {
            try
            {
                if (Interop.Libc.setns(netns, Interop.Libc.CloneNewNet) != 0)
                {
                    completion.SetException(new ErrnoException("setns", LinuxError.Last()));
                    return;
                }
            }
            catch (ObjectDisposedException e)
            {
                completion.SetException(e);
                return;
            }

            T result = default!;
            Exception? failure = null;
            try
            {
                result = action();
            }
            catch (Exception e)
            {
                failure = e;
            }

            // Switching back can only fail if the original netns fd is unusable, which we hold open. Even then
            // nothing leaks: this thread ends right below and never runs other work. The action's result is
            // still delivered because it may own resources (sockets, pcap handles) the caller must dispose.
            _ = Interop.Libc.setns(original, Interop.Libc.CloneNewNet);

            if (failure is not null)
            {
                completion.SetException(failure);
            }
            else
            {
                completion.SetResult(result);
            }
        }
    }
}
