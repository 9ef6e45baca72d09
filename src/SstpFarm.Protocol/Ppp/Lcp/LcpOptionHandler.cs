using SstpFarm.Protocol.Ppp.Fsm;

namespace SstpFarm.Protocol.Ppp.Lcp;

/// <summary>
/// One LCP option's rules: what we request, how we answer the peer's value, and what a peer's
/// Ack/Nak/Reject of our value changes. Unknown options have no handler and are rejected.
/// </summary>
internal abstract class LcpOptionHandler
{
    public abstract LcpOptionType Type { get; }

    /// <summary>Writes our whole option (Type, Length, Data); 0 when we do not request it.</summary>
    public virtual int WriteRequest(Span<byte> destination) => 0;

    /// <summary>Judges the peer's value; for Nak writes the suggested Data.</summary>
    public abstract OptionVerdict Judge(ReadOnlySpan<byte> data, Span<byte> nakData, out int nakDataLength);

    /// <summary>The peer's next acknowledged request may omit the option: back to the default.</summary>
    public virtual void ResetPeer()
    {
    }

    /// <summary>We Acked the peer's value.</summary>
    public virtual void ApplyPeer(ReadOnlySpan<byte> data)
    {
    }

    /// <summary>The peer Acked our value.</summary>
    public virtual void OnAcked(ReadOnlySpan<byte> data)
    {
    }

    /// <summary>The peer Naked our value (or asks us to add the option) with <paramref name="data"/>.</summary>
    public virtual void OnNaked(ReadOnlySpan<byte> data)
    {
    }

    /// <summary>The peer Rejected the option: stop requesting it.</summary>
    public virtual void OnRejected()
    {
    }

    protected static OptionVerdict AckIfLength(ReadOnlySpan<byte> data, int length, out int nakDataLength)
    {
        nakDataLength = 0;
        return data.Length == length ? OptionVerdict.Ack : OptionVerdict.Reject;
    }
}
