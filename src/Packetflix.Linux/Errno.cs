namespace Packetflix.Linux;

/// <summary>
/// Linux errno values from asm-generic/errno-base.h and asm-generic/errno.h. x86_64 and arm64 both use the generic
/// numbering (alpha, mips, parisc and sparc differ, and are not supported). Never compare a raw int with a literal.
/// </summary>
public enum Errno
{
    None = 0,
    EPERM = 1,
    ENOENT = 2,
    ESRCH = 3,
    EINTR = 4,
    EIO = 5,
    ENXIO = 6,
    E2BIG = 7,
    ENOEXEC = 8,
    EBADF = 9,
    ECHILD = 10,
    EAGAIN = 11,
    ENOMEM = 12,
    EACCES = 13,
    EFAULT = 14,
    EBUSY = 16,
    EEXIST = 17,
    EXDEV = 18,
    ENODEV = 19,
    ENOTDIR = 20,
    EISDIR = 21,
    EINVAL = 22,
    ENFILE = 23,
    EMFILE = 24,
    ENOSPC = 28,
    ESPIPE = 29,
    EROFS = 30,
    EPIPE = 32,
    ERANGE = 34,
    ENAMETOOLONG = 36,
    ENOSYS = 38,
    ENOTSUP = 95,
    EAFNOSUPPORT = 97,
    EADDRINUSE = 98,
    ENETDOWN = 100,
    ENETUNREACH = 101,
    ECONNRESET = 104,
    ENOBUFS = 105,
    ETIMEDOUT = 110,
    ECONNREFUSED = 111,
}
