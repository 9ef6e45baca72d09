using SstpFarm.Protocol.Ppp.Fsm;

namespace SstpFarm.Protocol.Ppp.Lcp;

/// <summary>
/// Options we never request and always Ack when well formed: ACCM (RFC 1662 §7.1, meaningless
/// without async HDLC), PFC and ACFC (RFC 1661 §6.5-§6.6, they only permit us to compress; we
/// never do), Endpoint-Discriminator (RFC 1990 §5.1.3, harmless).
/// </summary>
internal sealed class AckedOptionHandler : LcpOptionHandler
{
    private readonly int _minLength;
    private readonly int _maxLength;

    public AckedOptionHandler(LcpOptionType type, int minLength, int maxLength)
    {
        Type = type;
        _minLength = minLength;
        _maxLength = maxLength;
    }

    public override LcpOptionType Type { get; }

    /// <summary>The peer's last acknowledged request carried this option.</summary>
    public bool PeerRequested { get; private set; }

    public override OptionVerdict Judge(ReadOnlySpan<byte> data, Span<byte> nakData, out int nakDataLength)
    {
        nakDataLength = 0;
        return data.Length >= _minLength && data.Length <= _maxLength ? OptionVerdict.Ack : OptionVerdict.Reject;
    }

    public override void ResetPeer() => PeerRequested = false;

    public override void ApplyPeer(ReadOnlySpan<byte> data) => PeerRequested = true;
}
