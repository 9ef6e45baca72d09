using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using SstpFarm.DataPlane.Interop;
using static SstpFarm.DataPlane.Tun.NetlinkConstants;

namespace SstpFarm.DataPlane.Tun;

/// <summary>
/// Interface configuration over rtnetlink (AF_NETLINK / NETLINK_ROUTE): MTU, link up, addresses,
/// moving a link to another network namespace. One request at a time, each acknowledged.
/// Not a hot path; requests are small and built on the stack.
/// </summary>
public sealed unsafe class RtNetlinkClient : IDisposable
{
    private const int ReceiveBufferLength = 32 * 1024;

    private readonly SafeFdHandle _socket;
    private readonly Lock _gate = new();
    private readonly byte[] _receiveBuffer = new byte[ReceiveBufferLength];
    private uint _sequence;

    private RtNetlinkClient(SafeFdHandle socket) => _socket = socket;

    /// <summary>Opens a NETLINK_ROUTE socket in the namespace at <paramref name="networkNamespacePath"/>
    /// (e.g. /var/run/netns/NAME), or in the current one when null. The socket keeps talking to that
    /// namespace whichever thread uses it.</summary>
    public static RtNetlinkClient Open(string? networkNamespacePath = null)
    {
        int fd = NetworkNamespaceRunner.Run(networkNamespacePath, () =>
            Libc.Socket(Libc.AF_NETLINK, Libc.SOCK_RAW | Libc.SOCK_CLOEXEC, NETLINK_ROUTE));
        if (fd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new NetlinkException("socket(AF_NETLINK)", errno, Libc.Describe(errno));
        }

        return new RtNetlinkClient(new SafeFdHandle(fd));
    }

    /// <summary>The ifindex of <paramref name="name"/>, or throws (ENODEV) when there is none.</summary>
    public int GetInterfaceIndex(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Span<byte> request = stackalloc byte[128];
        var writer = new NetlinkMessageWriter(request, RTM_GETLINK, NLM_F_REQUEST, NextSequence());
        writer.AppendFixed(IfInfoMsgLength)[0] = AF_UNSPEC;
        writer.AppendString(IFLA_IFNAME, name);
        int index = 0;
        Exchange(request[..writer.Complete()], $"get link {name}", (type, payload) =>
        {
            if (type == RTM_NEWLINK && payload.Length >= IfInfoMsgLength)
            {
                index = BinaryPrimitives.ReadInt32LittleEndian(payload[4..]);
            }
        });
        return index;
    }

    /// <summary>Sets the link's MTU (IFLA_MTU).</summary>
    public void SetMtu(int interfaceIndex, int mtu)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(mtu, 68);
        Span<byte> request = stackalloc byte[64];
        var writer = StartLinkChange(request, interfaceIndex, 0, 0);
        writer.AppendUInt32(IFLA_MTU, (uint)mtu);
        Exchange(request[..writer.Complete()], $"set mtu {mtu} on ifindex {interfaceIndex}", null);
    }

    /// <summary>Brings the link up or down (IFF_UP in ifi_flags, masked by ifi_change).</summary>
    public void SetLinkUp(int interfaceIndex, bool up)
    {
        Span<byte> request = stackalloc byte[64];
        var writer = StartLinkChange(request, interfaceIndex, up ? IFF_UP : 0, IFF_UP);
        Exchange(request[..writer.Complete()], $"set link {(up ? "up" : "down")} on ifindex {interfaceIndex}", null);
    }

    /// <summary>Moves the link into the network namespace at <paramref name="networkNamespacePath"/>
    /// (IFLA_NET_NS_FD). The link arrives there down and without addresses.</summary>
    public void MoveToNamespace(int interfaceIndex, string networkNamespacePath)
    {
        int nsFd = Libc.Open(networkNamespacePath, Libc.O_RDONLY | Libc.O_CLOEXEC);
        if (nsFd < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new NetlinkException($"open {networkNamespacePath}", errno, Libc.Describe(errno));
        }

        try
        {
            Span<byte> request = stackalloc byte[64];
            var writer = StartLinkChange(request, interfaceIndex, 0, 0);
            writer.AppendUInt32(IFLA_NET_NS_FD, (uint)nsFd);
            Exchange(request[..writer.Complete()], $"move ifindex {interfaceIndex} to {networkNamespacePath}", null);
        }
        finally
        {
            Libc.Close(nsFd);
        }
    }

    /// <summary>Adds an IPv4 or IPv6 address with its prefix (RTM_NEWADDR; IPv6 without DAD so it is
    /// usable at once). The kernel adds the prefix route through the link.</summary>
    public void AddAddress(int interfaceIndex, IPAddress address, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(address);
        bool v4 = address.AddressFamily == AddressFamily.InterNetwork;
        ArgumentOutOfRangeException.ThrowIfGreaterThan(prefixLength, v4 ? 32 : 128);
        ArgumentOutOfRangeException.ThrowIfNegative(prefixLength);

        Span<byte> addressBytes = stackalloc byte[16];
        address.TryWriteBytes(addressBytes, out int addressLength);
        addressBytes = addressBytes[..addressLength];

        Span<byte> request = stackalloc byte[96];
        var writer = new NetlinkMessageWriter(request, RTM_NEWADDR, NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_REPLACE, NextSequence());
        Span<byte> ifaddr = writer.AppendFixed(IfAddrMsgLength);
        ifaddr[0] = v4 ? AF_INET : AF_INET6;
        ifaddr[1] = (byte)prefixLength;
        ifaddr[2] = v4 ? (byte)0 : IFA_F_NODAD;
        ifaddr[3] = 0; // RT_SCOPE_UNIVERSE
        BinaryPrimitives.WriteInt32LittleEndian(ifaddr[4..], interfaceIndex);
        writer.AppendAttribute(IFA_LOCAL, addressBytes);
        writer.AppendAttribute(IFA_ADDRESS, addressBytes);
        Exchange(request[..writer.Complete()], $"add address {address}/{prefixLength} on ifindex {interfaceIndex}", null);
    }

    public void Dispose() => _socket.Dispose();

    private NetlinkMessageWriter StartLinkChange(Span<byte> request, int interfaceIndex, uint flags, uint change)
    {
        var writer = new NetlinkMessageWriter(request, RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, NextSequence());
        Span<byte> ifinfo = writer.AppendFixed(IfInfoMsgLength);
        ifinfo[0] = AF_UNSPEC;
        BinaryPrimitives.WriteInt32LittleEndian(ifinfo[4..], interfaceIndex);
        BinaryPrimitives.WriteUInt32LittleEndian(ifinfo[8..], flags);
        BinaryPrimitives.WriteUInt32LittleEndian(ifinfo[12..], change);
        return writer;
    }

    private uint NextSequence() => Interlocked.Increment(ref _sequence);

    private delegate void ReplyHandler(ushort type, ReadOnlySpan<byte> payload);

    /// <summary>Sends one request and reads until its NLMSG_ERROR (the ack, error 0) or NLMSG_DONE.</summary>
    private void Exchange(ReadOnlySpan<byte> request, string operation, ReplyHandler? onReply)
    {
        uint sequence = BinaryPrimitives.ReadUInt32LittleEndian(request[8..]);
        lock (_gate)
        {
            fixed (byte* p = request)
            {
                if (Libc.Send(_socket, p, request.Length, 0) < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    throw new NetlinkException(operation, errno, Libc.Describe(errno));
                }
            }

            while (true)
            {
                nint received;
                fixed (byte* p = _receiveBuffer)
                {
                    received = Libc.Recv(_socket, p, _receiveBuffer.Length, 0);
                }

                if (received < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno == Libc.EINTR)
                    {
                        continue;
                    }

                    throw new NetlinkException(operation, errno, Libc.Describe(errno));
                }

                ReadOnlySpan<byte> data = _receiveBuffer.AsSpan(0, (int)received);
                while (data.Length >= NlMsgHdrLength)
                {
                    int length = (int)BinaryPrimitives.ReadUInt32LittleEndian(data);
                    if (length < NlMsgHdrLength || length > data.Length)
                    {
                        throw new NetlinkException(operation, 0, "malformed netlink reply");
                    }

                    ushort type = BinaryPrimitives.ReadUInt16LittleEndian(data[4..]);
                    uint replySequence = BinaryPrimitives.ReadUInt32LittleEndian(data[8..]);
                    ReadOnlySpan<byte> payload = data[NlMsgHdrLength..length];
                    data = data[Math.Min(NetlinkMessageWriter.Align(length), data.Length)..];
                    if (replySequence != sequence)
                    {
                        continue; // a stale answer to an earlier, abandoned request
                    }

                    if (type == NLMSG_ERROR)
                    {
                        int error = payload.Length >= 4 ? BinaryPrimitives.ReadInt32LittleEndian(payload) : -1;
                        if (error == 0)
                        {
                            return;
                        }

                        throw new NetlinkException(operation, -error, Libc.Describe(-error));
                    }

                    if (type == NLMSG_DONE)
                    {
                        return;
                    }

                    onReply?.Invoke(type, payload);
                    if (onReply is not null)
                    {
                        return; // a GET without NLM_F_ACK answers with exactly one message
                    }
                }
            }
        }
    }
}
