using System.Buffers.Binary;
using SstpFarm.Protocol.Common;
using SstpFarm.Protocol.Ppp.Fsm;

namespace SstpFarm.Protocol.Ppp.Ipv6cp;

/// <summary>
/// The IPv6 Control Protocol (RFC 5072): negotiates the two 64-bit Interface-Identifiers that
/// form the link-local addresses fe80::ID. A peer ID that is zero or equal to ours is Naked with
/// a fresh random one; IPv6-Compression-Protocol and unknown options are rejected.
/// </summary>
public sealed class Ipv6cpProtocol : PppAutomaton
{
    private const int IdentifierLength = 8;

    private readonly IRandomSource _random;
    private ulong _wanted;
    private bool _requesting = true;

    public Ipv6cpProtocol(IPppOutput output, IRandomSource random, Ipv6cpOptions? options = null, IPppLayerEvents? events = null)
        : base(PppProtocol.Ipv6cp, output, options?.Automaton, events)
    {
        ArgumentNullException.ThrowIfNull(random);
        _random = random;
        ulong configured = options?.InterfaceIdentifier ?? 0;
        _wanted = configured != 0 ? configured : NewIdentifier(0, 0);
    }

    /// <summary>Our Interface-Identifier as the peer acknowledged it; 0 until then.</summary>
    public ulong LocalInterfaceIdentifier { get; private set; }

    /// <summary>The peer's Interface-Identifier as we acknowledged it; 0 until then.</summary>
    public ulong PeerInterfaceIdentifier { get; private set; }

    protected override int WriteRequestOptions(Span<byte> destination)
    {
        if (!_requesting)
        {
            return 0;
        }

        Span<byte> data = stackalloc byte[IdentifierLength];
        BinaryPrimitives.WriteUInt64BigEndian(data, _wanted);
        return PppOption.Write(destination, (byte)Ipv6cpOptionType.InterfaceIdentifier, data);
    }

    protected override OptionVerdict JudgeOption(in PppOption option, Span<byte> nakData, out int nakDataLength) // RFC 5072 §4.1
    {
        nakDataLength = 0;
        if (option.Type != (byte)Ipv6cpOptionType.InterfaceIdentifier || option.Data.Length != IdentifierLength)
        {
            return OptionVerdict.Reject; // IPv6-Compression-Protocol, unknown, malformed
        }

        ulong peer = BinaryPrimitives.ReadUInt64BigEndian(option.Data);
        if (peer != 0 && peer != _wanted)
        {
            return OptionVerdict.Ack;
        }

        BinaryPrimitives.WriteUInt64BigEndian(nakData, NewIdentifier(_wanted, peer));
        nakDataLength = IdentifierLength;
        return OptionVerdict.Nak;
    }

    protected override void ResetPeerOptions() => PeerInterfaceIdentifier = 0;

    protected override void ApplyPeerOption(in PppOption option) => PeerInterfaceIdentifier = BinaryPrimitives.ReadUInt64BigEndian(option.Data);

    protected override void OnRequestAcknowledged(ReadOnlySpan<byte> options)
    {
        if (options.Length >= PppOption.HeaderLength + IdentifierLength)
        {
            LocalInterfaceIdentifier = BinaryPrimitives.ReadUInt64BigEndian(options[PppOption.HeaderLength..]);
        }
    }

    protected override bool OnConfigureNak(ReadOnlySpan<byte> options)
    {
        var reader = new PppOptionReader(options);
        while (reader.MoveNext())
        {
            if (reader.Current.Type == (byte)Ipv6cpOptionType.InterfaceIdentifier && reader.Current.Data.Length == IdentifierLength)
            {
                // RFC 5072 §4.1: use the suggested identifier if it is acceptable, else pick another.
                ulong suggested = BinaryPrimitives.ReadUInt64BigEndian(reader.Current.Data);
                _wanted = suggested != 0 && suggested != PeerInterfaceIdentifier ? suggested : NewIdentifier(_wanted, PeerInterfaceIdentifier);
                _requesting = true;
            }
        }

        return true;
    }

    protected override bool OnConfigureReject(ReadOnlySpan<byte> options)
    {
        var reader = new PppOptionReader(options);
        while (reader.MoveNext())
        {
            if (reader.Current.Type == (byte)Ipv6cpOptionType.InterfaceIdentifier)
            {
                _requesting = false;
            }
        }

        return true;
    }

    private ulong NewIdentifier(ulong avoid1, ulong avoid2)
    {
        Span<byte> bytes = stackalloc byte[IdentifierLength];
        for (int attempt = 0; attempt < 8; attempt++)
        {
            _random.Fill(bytes);
            ulong value = BinaryPrimitives.ReadUInt64BigEndian(bytes);
            if (value != 0 && value != avoid1 && value != avoid2)
            {
                return value;
            }
        }

        // Only reached with a broken random source: any value distinct from both will do.
        ulong fallback = 1;
        while (fallback == avoid1 || fallback == avoid2)
        {
            fallback++;
        }

        return fallback;
    }
}
