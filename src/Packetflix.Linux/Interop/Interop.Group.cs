using System.Runtime.InteropServices;

namespace Packetflix.Linux;

internal static partial class Interop
{
    internal static partial class Libc
    {
        /// <summary>struct group from &lt;grp.h&gt;; sequential layout matches glibc on 64-bit Linux.</summary>
        [StructLayout(LayoutKind.Sequential)]
        internal struct Group
        {
            public nint Name;
            public nint Password;
            public uint Gid;
            public nint Members;
        }

        /// <summary>getgrnam_r(3): goes through NSS, so LDAP/sssd groups resolve too. Returns an errno, 0 with a
        /// null <paramref name="result"/> when there is no such group.</summary>
        [LibraryImport(Libraries.Libc, StringMarshalling = StringMarshalling.Utf8)]
        internal static unsafe partial int getgrnam_r(string name, Group* group, byte* buffer, nuint length, Group** result);

        /// <summary>chown(2); -1 (as uint) leaves that id unchanged.</summary>
        [LibraryImport(Libraries.Libc, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
        internal static partial int chown(string path, uint owner, uint group);
    }
}
