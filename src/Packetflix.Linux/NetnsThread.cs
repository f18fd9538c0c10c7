using Microsoft.Win32.SafeHandles;

namespace Packetflix.Linux;

/// <summary>
/// Runs code inside another network namespace, on a dedicated thread (see <see cref="NamespaceThread"/>, which does
/// the work). Sockets, pcap handles and netlink sockets created by the action stay bound to the target netns and may
/// be used from any thread afterwards (docs/protocol.md §18.2).
/// </summary>
public static class NetnsThread
{
    /// <summary>
    /// Runs <paramref name="action"/> on a dedicated thread inside <paramref name="netns"/> and completes with its
    /// result or exception. Failing to enter the netns completes with an <see cref="ErrnoException"/>.
    /// The action must not block on tasks or start thread-pool work that relies on the netns: only its own thread switched.
    /// </summary>
    public static Task<T> RunAsync<T>(SafeFileHandle netns, Func<T> action) =>
        NamespaceThread.RunAsync(netns, NamespaceType.Net, action);

    /// <inheritdoc cref="RunAsync{T}(SafeFileHandle, Func{T})"/>
    public static Task RunAsync(SafeFileHandle netns, Action action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return NamespaceThread.RunAsync(netns, NamespaceType.Net, () =>
        {
            action();
            return true;
        });
    }
}
