using Microsoft.Extensions.Logging;

namespace Packetflix.Capture;

/// <remarks>Event ids 100–199; every log class has its own range (docs/architecture.md, "Logging").</remarks>
internal static partial class CaptureLog
{
    [LoggerMessage(100, LogLevel.Information, "({Session}) capturing on {Interfaces} (snaplen {SnapLength}, promiscuous {Promiscuous}, filter \"{Filter}\")")]
    public static partial void Started(ILogger logger, string session, string interfaces, int snapLength, bool promiscuous, string filter);

    [LoggerMessage(101, LogLevel.Information, "({Session}) capture ended: {Kind} {Reason}; captured {Captured}, delivered {Delivered}, dropped because the client did not keep up {DroppedByUs}, dropped at session end {DroppedAtSessionEnd}, dropped by kernel {KernelDropped}")]
    public static partial void Ended(ILogger logger, string session, CaptureEndKind kind, string reason, long captured, long delivered,
        long droppedByUs, long droppedAtSessionEnd, long kernelDropped);

    [LoggerMessage(102, LogLevel.Warning, "({Session}) interface {Interface} closed: {Reason}")]
    public static partial void InterfaceClosed(ILogger logger, string session, string @interface, string reason);

    [LoggerMessage(103, LogLevel.Error, "({Session}) capture loop failed")]
    public static partial void LoopFailed(ILogger logger, string session, Exception exception);

    [LoggerMessage(104, LogLevel.Debug, "({Session}) netns {Inode}: watched process {Pid} exited, looking for another holder")]
    public static partial void WatchedProcessExited(ILogger logger, string session, ulong inode, int pid);
}
