using System.Runtime.InteropServices;
using System.Text;
using SstpFarm.DataPlane.Interop;
using static SstpFarm.DataPlane.Tun.TunConstants;

namespace SstpFarm.DataPlane.Tun;

/// <summary>
/// A multi-queue Linux TUN device (IFF_TUN | IFF_NO_PI | IFF_MULTI_QUEUE): raw IP packets, one fd
/// per queue. The device exists as long as its fds are open; <see cref="Dispose"/> wakes every
/// reader and closes them, and the kernel removes the link.
/// </summary>
public sealed unsafe class TunDevice : IDisposable
{
    private readonly TunQueue[] _queues;
    private readonly SafeFdHandle _wake;
    private int _disposed;

    private TunDevice(string name, TunQueue[] queues, SafeFdHandle wake, string? networkNamespacePath)
    {
        Name = name;
        _queues = queues;
        _wake = wake;
        NetworkNamespacePath = networkNamespacePath;
    }

    /// <summary>The interface name the kernel gave the device.</summary>
    public string Name { get; }

    public IReadOnlyList<TunQueue> Queues => _queues;

    /// <summary>The network namespace the link is in now (null = the process's own).</summary>
    public string? NetworkNamespacePath { get; private set; }

    /// <summary>True once <see cref="CancelReads"/> or <see cref="Dispose"/> ran.</summary>
    public bool IsClosing => Volatile.Read(ref _disposed) != 0 || _wakeSignalled;

    private volatile bool _wakeSignalled;

    /// <summary>Creates the device with <see cref="TunDeviceOptions.QueueCount"/> queues.</summary>
    public static TunDevice Create(TunDeviceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        int wakeFd = Libc.EventFd(0, Libc.EFD_NONBLOCK | Libc.EFD_CLOEXEC);
        if (wakeFd < 0)
        {
            throw new IOException($"eventfd failed: {Libc.Describe(Marshal.GetLastPInvokeError())}");
        }

        var wake = new SafeFdHandle(wakeFd);
        var queues = new List<TunQueue>(options.QueueCount);
        try
        {
            string name = options.Name;
            for (int i = 0; i < options.QueueCount; i++)
            {
                SafeFdHandle fd = OpenQueue(options.NetworkNamespacePath);
                queues.Add(new TunQueue(i, fd, wake));
                name = Attach(fd, name);
            }

            return new TunDevice(name, [.. queues], wake, options.NetworkNamespacePath);
        }
        catch
        {
            foreach (TunQueue queue in queues)
            {
                queue.Handle.Dispose();
            }

            wake.Dispose();
            throw;
        }
    }

    /// <summary>Applies MTU, addresses and link state through rtnetlink, in the device's namespace.</summary>
    public void Configure(TunInterfaceSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        using RtNetlinkClient netlink = RtNetlinkClient.Open(NetworkNamespacePath);
        int index = netlink.GetInterfaceIndex(Name);
        if (settings.Mtu is int mtu)
        {
            netlink.SetMtu(index, mtu);
        }

        if (settings.IPv4Address is not null)
        {
            netlink.AddAddress(index, settings.IPv4Address, settings.IPv4PrefixLength);
        }

        if (settings.Up)
        {
            netlink.SetLinkUp(index, true);
        }

        // IPv6 after link up: the kernel only accepts addresses once IPv6 is set up on the link.
        if (settings.IPv6Address is not null)
        {
            netlink.AddAddress(index, settings.IPv6Address, settings.IPv6PrefixLength);
        }
    }

    /// <summary>Moves the link into another network namespace; the fds keep working. The link
    /// arrives down and unconfigured: call <see cref="Configure"/> afterwards.</summary>
    public void MoveToNamespace(string networkNamespacePath)
    {
        ArgumentException.ThrowIfNullOrEmpty(networkNamespacePath);
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        using (RtNetlinkClient netlink = RtNetlinkClient.Open(NetworkNamespacePath))
        {
            netlink.MoveToNamespace(netlink.GetInterfaceIndex(Name), networkNamespacePath);
        }

        NetworkNamespacePath = networkNamespacePath;
    }

    /// <summary>Makes every current and future <see cref="TunQueue.Read"/> return -1. Writes still work.</summary>
    public void CancelReads()
    {
        if (_wakeSignalled)
        {
            return;
        }

        _wakeSignalled = true;
        ulong one = 1;
        Libc.Write(_wake, (byte*)&one, sizeof(ulong));
    }

    /// <summary>Wakes readers and closes every queue fd (each close waits for a read or write in
    /// progress on it); the kernel then deletes the link.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        CancelReads();
        foreach (TunQueue queue in _queues)
        {
            queue.Handle.Dispose();
        }

        _wake.Dispose();
    }

    private static SafeFdHandle OpenQueue(string? networkNamespacePath)
    {
        // The link is created in the namespace of the thread that opened the clone device.
        int fd = NetworkNamespaceRunner.Run(networkNamespacePath, () =>
            Libc.Open(CloneDevicePath, Libc.O_RDWR | Libc.O_NONBLOCK | Libc.O_CLOEXEC));
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"open({CloneDevicePath}) failed: {Libc.Describe(errno)}");
        }

        return new SafeFdHandle(fd);
    }

    /// <summary>TUNSETIFF: attaches the fd as a queue of <paramref name="name"/>, creating the link on
    /// the first call. Returns the name the kernel used.</summary>
    private static string Attach(SafeFdHandle fd, string name)
    {
        byte* ifreq = stackalloc byte[IfReqLength];
        new Span<byte>(ifreq, IfReqLength).Clear();
        Encoding.UTF8.GetBytes(name, new Span<byte>(ifreq, IFNAMSIZ - 1));
        *(short*)(ifreq + IFNAMSIZ) = IFF_TUN | IFF_NO_PI | IFF_MULTI_QUEUE;
        if (Libc.Ioctl(fd, TUNSETIFF, ifreq) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new IOException($"ioctl(TUNSETIFF, {name}) failed: {Libc.Describe(errno)}");
        }

        ReadOnlySpan<byte> assigned = new(ifreq, IFNAMSIZ);
        int end = assigned.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? assigned : assigned[..end]);
    }
}
