using System.Runtime.InteropServices;
using SstpFarm.DataPlane.Interop;

namespace SstpFarm.DataPlane.Tun;

/// <summary>
/// One queue of a multi-queue TUN device: one fd. <see cref="Read"/> is meant for one dedicated
/// thread per queue; <see cref="TryWrite"/> may be called from any thread (each write() is one
/// packet and the kernel serialises them).
/// </summary>
public sealed unsafe class TunQueue
{
    private readonly SafeFdHandle _fd;
    private readonly SafeFdHandle _wake;

    internal TunQueue(int index, SafeFdHandle fd, SafeFdHandle wake)
    {
        Index = index;
        _fd = fd;
        _wake = wake;
    }

    public int Index { get; }

    internal SafeFdHandle Handle => _fd;

    /// <summary>
    /// Reads one packet into <paramref name="buffer"/>. Blocks until a packet arrives; returns its
    /// length, or -1 once the device is closing. The fd is non-blocking: a read that finds nothing
    /// waits in poll() on the fd and the device's wake-up eventfd, because closing an fd does not
    /// interrupt a read() blocked on it in another thread.
    /// </summary>
    public int Read(Span<byte> buffer)
    {
        bool added = false;
        try
        {
            _fd.DangerousAddRef(ref added);
            int fd = _fd.Fd;
            fixed (byte* p = buffer)
            {
                while (true)
                {
                    nint n = Libc.Read(fd, p, buffer.Length);
                    if (n >= 0)
                    {
                        return (int)n;
                    }

                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Libc.EAGAIN)
                    {
                        if (!WaitReadable(fd))
                        {
                            return -1;
                        }

                        continue;
                    }

                    if (errno == Libc.EINTR)
                    {
                        continue;
                    }

                    if (_wake.IsClosed || WakeSignalled())
                    {
                        return -1;
                    }

                    throw new IOException($"read from TUN queue {Index} failed: {Libc.Describe(errno)}");
                }
            }
        }
        catch (ObjectDisposedException)
        {
            return -1;
        }
        finally
        {
            if (added)
            {
                _fd.DangerousRelease();
            }
        }
    }

    /// <summary>Writes one IP packet into the kernel. False when the kernel refused it (e.g. no
    /// memory, link down) or the device is closed; <paramref name="errno"/> says why (0 if closed).</summary>
    public bool TryWrite(ReadOnlySpan<byte> packet, out int errno)
    {
        try
        {
            fixed (byte* p = packet)
            {
                nint n = Libc.Write(_fd, p, packet.Length);
                if (n == packet.Length)
                {
                    errno = 0;
                    return true;
                }

                errno = n < 0 ? Marshal.GetLastPInvokeError() : 0;
                return false;
            }
        }
        catch (ObjectDisposedException)
        {
            errno = 0;
            return false;
        }
    }

    private bool WaitReadable(int fd)
    {
        Libc.PollFd* fds = stackalloc Libc.PollFd[2];
        fds[0] = new Libc.PollFd { Fd = fd, Events = Libc.POLLIN };
        fds[1] = new Libc.PollFd { Fd = _wake.Fd, Events = Libc.POLLIN };
        int rc = Libc.Poll(fds, 2, -1);
        if (rc < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            return errno == Libc.EINTR
                ? true
                : throw new IOException($"poll on TUN queue {Index} failed: {Libc.Describe(errno)}");
        }

        // The eventfd is never drained, so once signalled every reader sees it.
        return fds[1].Revents == 0 && (fds[0].Revents & (Libc.POLLERR | Libc.POLLHUP | Libc.POLLNVAL)) == 0;
    }

    private bool WakeSignalled()
    {
        Libc.PollFd pfd = new() { Fd = _wake.Fd, Events = Libc.POLLIN };
        return Libc.Poll(&pfd, 1, 0) > 0;
    }
}
