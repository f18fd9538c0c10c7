using System.Runtime.InteropServices;

namespace Packetflix.Linux;

/// <summary>Replaces the running process with another program (execv(3)), keeping its PID, environment and fds.</summary>
public static class ProcessImage
{
    /// <summary>Runs <paramref name="path"/> in place of this process with <paramref name="args"/> as argv[1..];
    /// returns only when the exec failed, with its errno.</summary>
    public static unsafe Errno Replace(string path, IReadOnlyList<string> args)
    {
        var strings = new List<IntPtr>(args.Count + 2) { Marshal.StringToCoTaskMemUTF8(path) };
        try
        {
            strings.AddRange(args.Select(Marshal.StringToCoTaskMemUTF8));
            var argv = stackalloc byte*[strings.Count + 1];
            for (var i = 0; i < strings.Count; i++)
            {
                argv[i] = (byte*)strings[i];
            }

            argv[strings.Count] = null;
            Interop.Libc.execv((byte*)strings[0], argv);
            return LinuxError.Last();
        }
        finally
        {
            foreach (var s in strings)
            {
                Marshal.FreeCoTaskMem(s);
            }
        }
    }
}
