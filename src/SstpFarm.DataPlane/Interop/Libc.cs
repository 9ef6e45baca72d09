using System.Runtime.InteropServices;

namespace SstpFarm.DataPlane.Interop;

/// <summary>The few libc calls the data plane needs (Linux only). Errors come back as errno.</summary>
internal static unsafe partial class Libc
{
    private const string LibName = "libc";

    // fcntl.h (generic Linux values, identical on x86-64 and arm64)
    public const int O_RDONLY = 0x0;
    public const int O_RDWR = 0x2;
    public const int O_NONBLOCK = 0x800;
    public const int O_CLOEXEC = 0x80000;

    // errno.h
    public const int EINTR = 4;
    public const int EAGAIN = 11;
    public const int ENODEV = 19;
    public const int EEXIST = 17;

    // poll.h
    public const short POLLIN = 0x1;
    public const short POLLERR = 0x8;
    public const short POLLHUP = 0x10;
    public const short POLLNVAL = 0x20;

    // sched.h
    public const int CLONE_NEWNET = 0x40000000;

    // sys/eventfd.h
    public const int EFD_NONBLOCK = 0x800;
    public const int EFD_CLOEXEC = 0x80000;

    // sys/socket.h
    public const int AF_NETLINK = 16;
    public const int SOCK_RAW = 3;
    public const int SOCK_CLOEXEC = 0x80000;

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [LibraryImport(LibName, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Open(string path, int flags);

    [LibraryImport(LibName, EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    // Raw fd: the caller holds a reference on the SafeFdHandle around read+poll.
    [LibraryImport(LibName, EntryPoint = "read", SetLastError = true)]
    public static partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport(LibName, EntryPoint = "write", SetLastError = true)]
    public static partial nint Write(SafeFdHandle fd, byte* buffer, nint count);

    [LibraryImport(LibName, EntryPoint = "ioctl", SetLastError = true)]
    public static partial int Ioctl(SafeFdHandle fd, nuint request, void* argument);

    [LibraryImport(LibName, EntryPoint = "poll", SetLastError = true)]
    public static partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport(LibName, EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initialValue, int flags);

    [LibraryImport(LibName, EntryPoint = "setns", SetLastError = true)]
    public static partial int SetNs(int fd, int nsType);

    [LibraryImport(LibName, EntryPoint = "socket", SetLastError = true)]
    public static partial int Socket(int domain, int type, int protocol);

    [LibraryImport(LibName, EntryPoint = "send", SetLastError = true)]
    public static partial nint Send(SafeFdHandle fd, byte* buffer, nint count, int flags);

    [LibraryImport(LibName, EntryPoint = "recv", SetLastError = true)]
    public static partial nint Recv(SafeFdHandle fd, byte* buffer, nint count, int flags);

    [LibraryImport(LibName, EntryPoint = "strerror")]
    private static partial nint StrError(int errno);

    /// <summary>"ENODEV (No such device)"-style text for an errno.</summary>
    public static string Describe(int errno)
    {
        string? text = Marshal.PtrToStringUTF8(StrError(errno));
        return $"errno {errno} ({text})";
    }
}
