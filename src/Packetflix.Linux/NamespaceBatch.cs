using Microsoft.Win32.SafeHandles;

namespace Packetflix.Linux;

/// <summary>
/// Runs one action inside each of many namespaces of one type on a few dedicated threads, for work that visits
/// every namespace of a host (discovery dumps rtnetlink in each netns). <see cref="NamespaceThread"/> starts a thread
/// per call, which at thousands of namespaces is most of the cost (clone, futex hand-offs). Here each thread takes the
/// next item, opens its namespace, setns(2)s straight into it and runs the action there, then the next; it switches
/// back to its original namespace once, before it ends, and never returns to a pool. Nothing awaits on these threads.
/// </summary>
public static class NamespaceBatch
{
    /// <summary>
    /// Runs <paramref name="action"/> for each of <paramref name="items"/> inside the namespace
    /// <paramref name="open"/> returns for it, on at most <paramref name="threads"/> dedicated threads. Result
    /// <c>i</c> is the action's result for item <c>i</c>, or null when <paramref name="open"/> gave no handle or the
    /// namespace could not be entered. An exception from <paramref name="open"/> or <paramref name="action"/> faults
    /// the task (after every thread has ended); expected failures belong in their results.
    /// </summary>
    /// <param name="items">What to visit.</param>
    /// <param name="type">The namespace type (not user: setns(2) refuses it to a multithreaded process; not mount,
    /// which needs a thread of its own, see <see cref="NamespaceThread"/>).</param>
    /// <param name="open">Opens an item's namespace (null: gone); the handle is disposed after the action.</param>
    /// <param name="action">Runs inside the namespace; only its own thread switched.</param>
    /// <param name="threads">How many threads at most.</param>
    /// <param name="cancellationToken">Stops the threads taking further items; the task is then canceled.</param>
    public static Task<TResult?[]> RunEachAsync<TItem, TResult>(IReadOnlyList<TItem> items, NamespaceType type,
        Func<TItem, SafeFileHandle?> open, Func<TItem, TResult?> action, int threads, CancellationToken cancellationToken)
        where TResult : class
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(open);
        ArgumentNullException.ThrowIfNull(action);
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        if (type is NamespaceType.None or NamespaceType.User or NamespaceType.Mnt)
        {
            throw new ArgumentOutOfRangeException(nameof(type), type, "a batch cannot enter this namespace type");
        }

        var results = new TResult?[items.Count];
        if (items.Count == 0)
        {
            return Task.FromResult(results);
        }

        var next = -1;
        var count = Math.Min(threads, items.Count);
        // Threads that end decrement this, so the start loop below must not use it as its bound.
        var running = count;
        Exception? failure = null;
        // RunContinuationsAsynchronously: awaiting code must never continue inline on a switched thread.
        var completion = new TaskCompletionSource<TResult?[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        for (var t = 0; t < count; t++)
        {
            var thread = new Thread(() =>
            {
                try
                {
                    Work(items, type, open, action, results, ref next, cancellationToken);
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, e, null);
                    // Let the other threads stop early.
                    Interlocked.Exchange(ref next, items.Count);
                }

                if (Interlocked.Decrement(ref running) == 0)
                {
                    if (Volatile.Read(ref failure) is { } e)
                    {
                        completion.SetException(e);
                    }
                    else if (cancellationToken.IsCancellationRequested)
                    {
                        completion.SetCanceled(cancellationToken);
                    }
                    else
                    {
                        completion.SetResult(results);
                    }
                }
            })
            {
                IsBackground = true,
                Name = type == NamespaceType.Net ? "pf-netns" : "pf-ns",
            };
            thread.Start();
        }

        return completion.Task;
    }

    private static void Work<TItem, TResult>(IReadOnlyList<TItem> items, NamespaceType type,
        Func<TItem, SafeFileHandle?> open, Func<TItem, TResult?> action, TResult?[] results, ref int next, CancellationToken cancellationToken)
        where TResult : class
    {
        using var original = NamespaceFile.TryOpen($"/proc/thread-self/ns/{NamespaceTypes.Name(type)}")
            ?? throw new ErrnoException("open(/proc/thread-self/ns)", Errno.ENOENT);
        var switched = false;
        try
        {
            int i;
            while (!cancellationToken.IsCancellationRequested && (i = Interlocked.Increment(ref next)) < items.Count)
            {
                using var ns = open(items[i]);
                if (ns is null)
                {
                    continue;
                }

                if (Interop.Libc.setns(ns, (int)type) != 0)
                {
                    // Not entered: the thread is where it was (the original or the previous item's namespace), and
                    // the next item's setns does not depend on that.
                    continue;
                }

                switched = true;
                results[i] = action(items[i]);
            }
        }
        finally
        {
            // The thread ends right after; switching back keeps the rule that no thread outlives its visit abroad,
            // even if the runtime ran something else on it before it exits.
            if (switched)
            {
                _ = Interop.Libc.setns(original, (int)type);
            }
        }
    }
}
