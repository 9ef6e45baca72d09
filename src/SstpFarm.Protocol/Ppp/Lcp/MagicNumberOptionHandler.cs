using System.Buffers.Binary;
using SstpFarm.Protocol.Common;
using SstpFarm.Protocol.Ppp.Fsm;

namespace SstpFarm.Protocol.Ppp.Lcp;

/// <summary>
/// Magic-Number (RFC 1661 §6.4): ours is random and non-zero; a peer value equal to ours (a
/// looped-back link) or zero is Naked with a fresh one; if the peer rejects ours we use 0.
/// </summary>
internal sealed class MagicNumberOptionHandler : LcpOptionHandler
{
    private readonly IRandomSource _random;
    private bool _requesting;
    private uint _local;

    public MagicNumberOptionHandler(IRandomSource random, bool request)
    {
        _random = random;
        _requesting = request;
        _local = request ? NewMagic(0) : 0;
    }

    public override LcpOptionType Type => LcpOptionType.MagicNumber;

    /// <summary>Our magic as the peer acknowledged it; 0 if not negotiated (what Echo packets then carry).</summary>
    public uint Local { get; private set; }

    public uint Peer { get; private set; }

    public override int WriteRequest(Span<byte> destination)
    {
        if (!_requesting)
        {
            return 0;
        }

        Span<byte> data = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(data, _local);
        return PppOption.Write(destination, (byte)Type, data);
    }

    public override OptionVerdict Judge(ReadOnlySpan<byte> data, Span<byte> nakData, out int nakDataLength)
    {
        if (AckIfLength(data, 4, out nakDataLength) == OptionVerdict.Reject)
        {
            return OptionVerdict.Reject;
        }

        uint peer = BinaryPrimitives.ReadUInt32BigEndian(data);
        if (peer != 0 && !(_requesting && peer == _local))
        {
            return OptionVerdict.Ack;
        }

        BinaryPrimitives.WriteUInt32BigEndian(nakData, NewMagic(_local));
        nakDataLength = 4;
        return OptionVerdict.Nak;
    }

    public override void ResetPeer() => Peer = 0;

    public override void ApplyPeer(ReadOnlySpan<byte> data) => Peer = BinaryPrimitives.ReadUInt32BigEndian(data);

    public override void OnAcked(ReadOnlySpan<byte> data) => Local = BinaryPrimitives.ReadUInt32BigEndian(data);

    // RFC 1661 §6.4: after a Nak choose a different number (the peer may see a loop as well).
    public override void OnNaked(ReadOnlySpan<byte> data)
    {
        if (_requesting)
        {
            _local = NewMagic(_local);
        }
    }

    public override void OnRejected()
    {
        _requesting = false;
        _local = 0;
        Local = 0;
    }

    private uint NewMagic(uint avoid)
    {
        Span<byte> bytes = stackalloc byte[4];
        for (int attempt = 0; attempt < 8; attempt++)
        {
            _random.Fill(bytes);
            uint value = BinaryPrimitives.ReadUInt32BigEndian(bytes);
            if (value != 0 && value != avoid)
            {
                return value;
            }
        }

        return avoid == 1 ? 2u : 1u; // only reached with a broken random source
    }
}
