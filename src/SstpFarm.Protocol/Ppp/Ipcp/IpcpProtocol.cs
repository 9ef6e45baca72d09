using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using SstpFarm.Protocol.Ppp.Fsm;

namespace SstpFarm.Protocol.Ppp.Ipcp;

/// <summary>
/// The IP Control Protocol (RFC 1332 with RFC 1877's DNS/NBNS options), server and client roles.
/// Server: requests only its own IP-Address, Naks the client towards the assigned address and
/// the configured DNS/NBNS, rejects VJ compression, IP-Addresses and unknown options.
/// Client: asks for 0.0.0.0 (plus DNS if configured), takes the server's Naks, Acks its address.
/// </summary>
public sealed class IpcpProtocol : PppAutomaton
{
    private const int AddressLength = 4;

    // Index of each address-valued option in the arrays below.
    private const int Address = 0;
    private const int PrimaryDns = 1;
    private const int SecondaryDns = 2;
    private const int PrimaryNbns = 3;
    private const int SecondaryNbns = 4;
    private const int Slots = 5;

    private readonly bool _server;
    private readonly uint[] _offered = new uint[Slots];   // server: what the client should use (0 = reject)
    private readonly uint[] _wanted = new uint[Slots];    // what we put into our own request
    private readonly bool[] _requesting = new bool[Slots];
    private readonly uint[] _negotiated = new uint[Slots]; // values in force: ours (Acked) or the peer's (we Acked)
    private bool _peerSentAddress;
    private uint _peerAddress;

    public IpcpProtocol(IPppOutput output, IpcpOptions options, IPppLayerEvents? events = null)
        : base(PppProtocol.Ipcp, output, options?.Automaton, events)
    {
        ArgumentNullException.ThrowIfNull(options);
        _server = options.Role == PppRole.Server;
        _wanted[Address] = ToUInt32(options.LocalAddress);
        if (_server)
        {
            _offered[Address] = ToUInt32(options.PeerAddress);
            _offered[PrimaryDns] = ToUInt32(options.PrimaryDns);
            _offered[SecondaryDns] = ToUInt32(options.SecondaryDns);
            _offered[PrimaryNbns] = ToUInt32(options.PrimaryNbns);
            _offered[SecondaryNbns] = ToUInt32(options.SecondaryNbns);
            _requesting[Address] = _wanted[Address] != 0; // ppp.md §11: only our non-zero address, no DNS
        }
        else
        {
            _requesting[Address] = true;
            _requesting[PrimaryDns] = options.RequestDns;
            _requesting[SecondaryDns] = options.RequestDns;
        }
    }

    /// <summary>
    /// Our address on the link: the client's once the server Acked it; the server's own (as
    /// configured if the client rejected the option).
    /// </summary>
    public IPAddress? LocalAddress => FromUInt32(_negotiated[Address] != 0 || !_server ? _negotiated[Address] : _wanted[Address]);

    /// <summary>The peer's address as we acknowledged it.</summary>
    public IPAddress? PeerAddress => FromUInt32(_peerAddress);

    /// <summary>Client: the DNS servers the server gave us. Server: the DNS servers the client accepted.</summary>
    public IPAddress? PrimaryDnsAddress => FromUInt32(_negotiated[PrimaryDns]);

    public IPAddress? SecondaryDnsAddress => FromUInt32(_negotiated[SecondaryDns]);

    public IPAddress? PrimaryNbnsAddress => FromUInt32(_negotiated[PrimaryNbns]);

    public IPAddress? SecondaryNbnsAddress => FromUInt32(_negotiated[SecondaryNbns]);

    protected override int WriteRequestOptions(Span<byte> destination)
    {
        int written = 0;
        for (int slot = 0; slot < Slots; slot++)
        {
            if (_requesting[slot])
            {
                written += WriteAddressOption(destination[written..], TypeOf(slot), _wanted[slot]);
            }
        }

        return written;
    }

    protected override void BeginConfigureRequest() => _peerSentAddress = false;

    protected override OptionVerdict JudgeOption(in PppOption option, Span<byte> nakData, out int nakDataLength) // RFC 1332 §3, RFC 1877 §1
    {
        nakDataLength = 0;
        int slot = SlotOf(option.Type);
        if (slot < 0 || option.Data.Length != AddressLength)
        {
            return OptionVerdict.Reject; // IP-Addresses, VJ compression, unknown, malformed
        }

        uint value = BinaryPrimitives.ReadUInt32BigEndian(option.Data);
        if (!_server)
        {
            // The server's own address is all we accept; we cannot supply DNS or an address.
            return slot == Address && value != 0 ? OptionVerdict.Ack : OptionVerdict.Reject;
        }

        _peerSentAddress |= slot == Address;
        uint offered = _offered[slot];
        if (offered == 0)
        {
            return OptionVerdict.Reject;
        }

        if (value == offered)
        {
            return OptionVerdict.Ack;
        }

        BinaryPrimitives.WriteUInt32BigEndian(nakData, offered);
        nakDataLength = AddressLength;
        return OptionVerdict.Nak;
    }

    // RFC 1332 §3.3: a client that does not ask for an address is told which one to request.
    protected override int AppendDesiredOptions(Span<byte> destination) =>
        _server && !_peerSentAddress && _offered[Address] != 0
            ? WriteAddressOption(destination, IpcpOptionType.IpAddress, _offered[Address])
            : 0;

    protected override void ResetPeerOptions()
    {
        _peerAddress = 0;
        if (_server)
        {
            for (int slot = PrimaryDns; slot < Slots; slot++)
            {
                _negotiated[slot] = 0;
            }
        }
    }

    protected override void ApplyPeerOption(in PppOption option)
    {
        int slot = SlotOf(option.Type);
        uint value = BinaryPrimitives.ReadUInt32BigEndian(option.Data);
        if (slot == Address)
        {
            _peerAddress = value;
        }
        else if (_server && slot > Address)
        {
            _negotiated[slot] = value;
        }
    }

    protected override void OnRequestAcknowledged(ReadOnlySpan<byte> options)
    {
        var reader = new PppOptionReader(options);
        while (reader.MoveNext())
        {
            int slot = SlotOf(reader.Current.Type);
            if (slot >= 0 && reader.Current.Data.Length == AddressLength)
            {
                _negotiated[slot] = BinaryPrimitives.ReadUInt32BigEndian(reader.Current.Data);
            }
        }
    }

    protected override bool OnConfigureNak(ReadOnlySpan<byte> options)
    {
        var reader = new PppOptionReader(options);
        while (reader.MoveNext())
        {
            int slot = SlotOf(reader.Current.Type);
            if (_server || slot < 0 || reader.Current.Data.Length != AddressLength)
            {
                continue; // the server keeps its own address; unknown suggestions are ignored
            }

            uint suggested = BinaryPrimitives.ReadUInt32BigEndian(reader.Current.Data);
            if (suggested != 0)
            {
                _wanted[slot] = suggested;
                _requesting[slot] = true;
            }
        }

        return true;
    }

    protected override bool OnConfigureReject(ReadOnlySpan<byte> options)
    {
        var reader = new PppOptionReader(options);
        while (reader.MoveNext())
        {
            int slot = SlotOf(reader.Current.Type);
            if (slot >= 0)
            {
                _requesting[slot] = false;
            }
        }

        return true;
    }

    private static int WriteAddressOption(Span<byte> destination, IpcpOptionType type, uint address)
    {
        Span<byte> data = stackalloc byte[AddressLength];
        BinaryPrimitives.WriteUInt32BigEndian(data, address);
        return PppOption.Write(destination, (byte)type, data);
    }

    private static int SlotOf(byte type) => (IpcpOptionType)type switch
    {
        IpcpOptionType.IpAddress => Address,
        IpcpOptionType.PrimaryDnsServerAddress => PrimaryDns,
        IpcpOptionType.SecondaryDnsServerAddress => SecondaryDns,
        IpcpOptionType.PrimaryNbnsServerAddress => PrimaryNbns,
        IpcpOptionType.SecondaryNbnsServerAddress => SecondaryNbns,
        _ => -1,
    };

    private static IpcpOptionType TypeOf(int slot) => slot switch
    {
        Address => IpcpOptionType.IpAddress,
        PrimaryDns => IpcpOptionType.PrimaryDnsServerAddress,
        SecondaryDns => IpcpOptionType.SecondaryDnsServerAddress,
        PrimaryNbns => IpcpOptionType.PrimaryNbnsServerAddress,
        _ => IpcpOptionType.SecondaryNbnsServerAddress,
    };

    private static uint ToUInt32(IPAddress? address)
    {
        if (address is null)
        {
            return 0;
        }

        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"IPCP needs an IPv4 address, got {address}.", nameof(address));
        }

        Span<byte> bytes = stackalloc byte[AddressLength];
        address.TryWriteBytes(bytes, out _);
        return BinaryPrimitives.ReadUInt32BigEndian(bytes);
    }

    private static IPAddress? FromUInt32(uint address)
    {
        if (address == 0)
        {
            return null;
        }

        Span<byte> bytes = stackalloc byte[AddressLength];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
        return new IPAddress(bytes);
    }
}
