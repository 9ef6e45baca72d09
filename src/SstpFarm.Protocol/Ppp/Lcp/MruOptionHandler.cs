using System.Buffers.Binary;
using SstpFarm.Protocol.Ppp.Fsm;

namespace SstpFarm.Protocol.Ppp.Lcp;

/// <summary>Maximum-Receive-Unit (RFC 1661 §6.1): ack the peer's value (at least MinPeerMru), request ours if configured.</summary>
internal sealed class MruOptionHandler : LcpOptionHandler
{
    private const int DefaultMru = 1500; // RFC 1661 §6.1
    private readonly LcpOptions _options;
    private readonly Action<int> _setPeerMru;
    private ushort? _wanted;

    public MruOptionHandler(LcpOptions options, Action<int> setPeerMru)
    {
        _options = options;
        _setPeerMru = setPeerMru;
        _wanted = options.Mru;
        ResetPeer();
    }

    public override LcpOptionType Type => LcpOptionType.MaximumReceiveUnit;

    public int PeerMru { get; private set; }

    public override int WriteRequest(Span<byte> destination)
    {
        if (_wanted is not ushort mru)
        {
            return 0;
        }

        Span<byte> data = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(data, mru);
        return PppOption.Write(destination, (byte)Type, data);
    }

    public override OptionVerdict Judge(ReadOnlySpan<byte> data, Span<byte> nakData, out int nakDataLength)
    {
        if (AckIfLength(data, 2, out nakDataLength) == OptionVerdict.Reject)
        {
            return OptionVerdict.Reject;
        }

        if (BinaryPrimitives.ReadUInt16BigEndian(data) < _options.MinPeerMru)
        {
            BinaryPrimitives.WriteUInt16BigEndian(nakData, (ushort)_options.MinPeerMru);
            nakDataLength = 2;
            return OptionVerdict.Nak;
        }

        return OptionVerdict.Ack;
    }

    public override void ResetPeer() => SetPeerMru(DefaultMru);

    public override void ApplyPeer(ReadOnlySpan<byte> data) => SetPeerMru(BinaryPrimitives.ReadUInt16BigEndian(data));

    public override void OnNaked(ReadOnlySpan<byte> data)
    {
        // Take the peer's suggestion if it is one we can live with; otherwise let it assume 1500.
        int suggested = data.Length == 2 ? BinaryPrimitives.ReadUInt16BigEndian(data) : 0;
        _wanted = suggested >= _options.MinPeerMru && suggested <= _options.MaxPeerMru ? (ushort)suggested : null;
    }

    public override void OnRejected() => _wanted = null;

    private void SetPeerMru(int mru)
    {
        PeerMru = Math.Min(mru, _options.MaxPeerMru);
        _setPeerMru(PeerMru);
    }
}
