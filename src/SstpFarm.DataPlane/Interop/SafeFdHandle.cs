using Microsoft.Win32.SafeHandles;

namespace SstpFarm.DataPlane.Interop;

/// <summary>
/// A Linux file descriptor. Being a SafeHandle, a close that races with a read/write on another
/// thread waits for that call to finish, so a recycled fd number is never written by mistake.
/// </summary>
internal sealed class SafeFdHandle : SafeHandleMinusOneIsInvalid
{
    public SafeFdHandle()
        : base(ownsHandle: true)
    {
    }

    public SafeFdHandle(int fd)
        : base(ownsHandle: true)
    {
        SetHandle(fd);
    }

    public int Fd => (int)handle;

    protected override bool ReleaseHandle() => Libc.Close((int)handle) == 0;
}
