using System.Runtime.InteropServices;

namespace Packetflix.Linux;

/// <summary>Typed access to errno as saved by <c>LibraryImport(SetLastError = true)</c> stubs.</summary>
public static class LinuxError
{
    /// <summary>
    /// The errno of the last P/Invoke on this thread. Call it straight after the failing call: any other
    /// SetLastError import in between overwrites the saved value.
    /// </summary>
    public static Errno Last()
    {
        return (Errno)Marshal.GetLastPInvokeError();
    }

    /// <summary>strerror(3) text for <paramref name="errno"/>, e.g. "No such process".</summary>
    public static string Describe(Errno errno)
    {
        return Marshal.GetPInvokeErrorMessage((int)errno);
    }
}
