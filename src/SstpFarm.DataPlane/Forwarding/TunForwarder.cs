using SstpFarm.DataPlane.Tun;
using SstpFarm.Protocol.Net;

namespace SstpFarm.DataPlane.Forwarding;

/// <summary>
/// Moves packets between the TUN device and sessions. One dedicated thread per TUN queue reads
/// into a pooled <see cref="TunPacket"/> buffer (behind the SSTP/PPP headroom), looks the
/// destination up in the <see cref="ForwardingTable"/> and offers the packet to that session's
/// bounded queue. Sessions call <see cref="WriteToTun"/> with what their client sent.
/// </summary>
public sealed class TunForwarder : IDisposable
{
    private readonly TunDevice _device;
    private readonly ForwardingTable _table;
    private readonly Thread[] _readers;
    private int _started;
    private int _disposed;

    public TunForwarder(TunDevice device, ForwardingTable table, ForwardingCounters? counters = null)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(table);
        _device = device;
        _table = table;
        Counters = counters ?? new ForwardingCounters();
        _readers = new Thread[device.Queues.Count];
    }

    public ForwardingCounters Counters { get; }

    /// <summary>The error that stopped a reader thread, if one did (e.g. the link was deleted under
    /// us); null while all readers run or after a clean stop. For the host to log and act on.</summary>
    public Exception? ReaderFault { get; private set; }

    /// <summary>Starts one reader thread per TUN queue.</summary>
    public void Start()
    {
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("already started");
        }

        for (int i = 0; i < _readers.Length; i++)
        {
            TunQueue queue = _device.Queues[i];
            _readers[i] = new Thread(() => ReadLoop(queue))
            {
                IsBackground = true,
                Name = $"tun-reader-{_device.Name}-{i}",
            };
            _readers[i].Start();
        }
    }

    /// <summary>
    /// Session → TUN. Checks the packet and that its source address is routed to
    /// <paramref name="source"/> (a client may only send from the addresses it was given), then
    /// writes it into the kernel. Returns <see cref="DropReason.None"/> when written; every other
    /// outcome is counted. Callable from any thread.
    /// </summary>
    public DropReason WriteToTun(IForwardingEndpoint source, ReadOnlySpan<byte> packet)
    {
        IpPacketStatus version = IpPacket.Validate(packet, out Ipv4Packet ipv4, out Ipv6Packet ipv6);
        DropReason verdict = Verdict(packet.Length, version);
        if (verdict == DropReason.None)
        {
            verdict = CheckSource(source, version, ipv4, ipv6, out int flowHash);
            if (verdict == DropReason.None)
            {
                // Same source → same queue: the kernel sees each client's flows in order.
                IReadOnlyList<TunQueue> queues = _device.Queues;
                TunQueue queue = queues[(int)((uint)flowHash % (uint)queues.Count)];
                verdict = queue.TryWrite(packet, out _) ? DropReason.None : DropReason.TunWriteFailed;
            }
        }

        if (verdict == DropReason.None)
        {
            Counters.CountToTun();
        }
        else
        {
            Counters.CountDrop(verdict);
        }

        return verdict;
    }

    /// <summary>Stops the readers (waking them through the device) and waits for them. The device
    /// itself stays open for its owner to dispose; no more reads happen on it.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _device.CancelReads();
        foreach (Thread? reader in _readers)
        {
            reader?.Join();
        }
    }

    /// <summary>TUN → session for one packet; returns why it was not handed over.</summary>
    internal DropReason Dispatch(byte[] buffer, int length)
    {
        ReadOnlySpan<byte> packet = buffer.AsSpan(TunPacket.Headroom, length);
        IpPacketStatus version = IpPacket.Validate(packet, out Ipv4Packet ipv4, out Ipv6Packet ipv6);
        DropReason verdict = Verdict(length, version);
        if (verdict != DropReason.None)
        {
            return verdict;
        }

        IForwardingEndpoint? endpoint;
        bool routed = version == IpPacketStatus.Ipv4
            ? _table.TryGetIPv4(ipv4.DestinationAddress, out endpoint)
            : _table.TryGetIPv6(ipv6.DestinationAddressValue, out endpoint);
        if (!routed)
        {
            return DropReason.NoRoute;
        }

        return endpoint!.TryEnqueueFromTun(new TunPacket(buffer, length)) ? DropReason.None : DropReason.QueueFull;
    }

    /// <summary>The IP header check (Protocol/Net) as a forwarding verdict; a packet must also fit a pooled buffer.</summary>
    internal static DropReason Verdict(int length, IpPacketStatus status) =>
        length > TunPacket.MaxPacketLength ? DropReason.TooBig : status switch
        {
            IpPacketStatus.Ipv4 or IpPacketStatus.Ipv6 => DropReason.None,
            IpPacketStatus.UnsupportedVersion => DropReason.UnsupportedVersion,
            _ => DropReason.Malformed,
        };

    private DropReason CheckSource(IForwardingEndpoint source, IpPacketStatus version, Ipv4Packet ipv4, Ipv6Packet ipv6, out int flowHash)
    {
        IForwardingEndpoint? owner;
        if (version == IpPacketStatus.Ipv4)
        {
            uint address = ipv4.SourceAddress;
            flowHash = (int)address;
            _table.TryGetIPv4(address, out owner);
        }
        else
        {
            UInt128 address = ipv6.SourceAddressValue;
            flowHash = address.GetHashCode();
            _table.TryGetIPv6(address, out owner);
        }

        return ReferenceEquals(owner, source) ? DropReason.None : DropReason.Spoofed;
    }

    private void ReadLoop(TunQueue queue)
    {
        byte[] buffer = TunPacket.RentBuffer();
        try
        {
            while (true)
            {
                // A packet longer than the buffer arrives truncated; its IP length field then
                // exceeds what was read and Validate calls it malformed.
                int length = queue.Read(buffer.AsSpan(TunPacket.Headroom, TunPacket.MaxPacketLength));
                if (length < 0)
                {
                    return;
                }

                DropReason verdict = Dispatch(buffer, length);
                if (verdict == DropReason.None)
                {
                    Counters.CountFromTun();
                    buffer = TunPacket.RentBuffer(); // the session owns the old one now
                }
                else
                {
                    Counters.CountDrop(verdict);
                }
            }
        }
        catch (IOException e)
        {
            // An unhandled exception on this thread would end the process; stop this reader instead.
            ReaderFault = e;
        }
        finally
        {
            TunPacket.ReturnBuffer(buffer);
        }
    }
}
