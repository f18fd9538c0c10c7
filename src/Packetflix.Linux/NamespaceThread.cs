using Microsoft.Win32.SafeHandles;

namespace Packetflix.Linux;

/// <summary>
/// Runs code inside another namespace of any type but user (setns(2) refuses a user namespace to a multithreaded
/// process). setns(2) switches only the calling OS thread, and a thread-pool thread left in a foreign namespace would
/// silently do unrelated work there. So every call gets a fresh, dedicated thread that enters, runs the action,
/// switches back and ends; it never returns to a pool. <see cref="NetnsThread"/> is the network-namespace shorthand.
/// A mount namespace additionally needs the thread's own filesystem attributes (setns(2): the caller's fs_struct must
/// not be shared), so that thread first does unshare(CLONE_FS), which affects only itself.
/// </summary>
public static class NamespaceThread
{
    /// <summary>
    /// Runs <paramref name="action"/> inside the namespace behind <paramref name="ns"/>; completes with its result or
    /// exception, or an <see cref="ErrnoException"/> when the namespace cannot be entered. Only the action's own
    /// thread switched: it must not hand work to the thread pool that relies on the namespace.
    /// </summary>
    public static Task<T> RunAsync<T>(SafeFileHandle ns, NamespaceType type, Func<T> action)
    {
        ArgumentNullException.ThrowIfNull(ns);
        ArgumentNullException.ThrowIfNull(action);
        if (type is NamespaceType.None or NamespaceType.User)
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "cannot enter this namespace type from a thread");
        }

        // RunContinuationsAsynchronously: awaiting code must never continue inline on the switched thread.
        var completion = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() => Run(ns, type, action, completion))
        {
            IsBackground = true,
            // Named after the type, so a thread dump shows which kind of namespace a stuck thread is in.
            Name = type == NamespaceType.Net ? "pf-netns" : "pf-ns",
        };
        thread.Start();
        return completion.Task;
    }

    private static void Run<T>(SafeFileHandle ns, NamespaceType type, Func<T> action, TaskCompletionSource<T> completion)
    {
        using var original = NamespaceFile.TryOpen($"/proc/thread-self/ns/{NamespaceTypes.Name(type)}");
        if (original is null)
        {
            completion.SetException(new ErrnoException("open(/proc/thread-self/ns)", Errno.ENOENT));
            return;
        }

        try
        {
            if (type == NamespaceType.Mnt && Interop.Libc.unshare(Interop.Libc.CloneFs) != 0)
            {
                completion.SetException(new ErrnoException("unshare(CLONE_FS)", LinuxError.Last()));
                return;
            }

            if (Interop.Libc.setns(ns, (int)type) != 0)
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

        // Switching back can only fail if the original namespace fd is unusable, which we hold open. Even then
        // nothing leaks: this thread ends right below and never runs other work. The action's result is still
        // delivered because it may own resources (sockets, pcap handles) the caller must dispose.
        _ = Interop.Libc.setns(original, (int)type);
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
