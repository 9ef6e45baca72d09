using SstpFarm.Protocol.Sstp.CryptoBinding;

namespace SstpFarm.Protocol.Sstp.Client;

/// <summary>
/// Tuning of the client control state machine. Every default states where it comes from
/// (docs/protocol/sstp.md §10). Setters reject values that would break the protocol.
/// </summary>
public sealed class SstpClientOptions
{
    private TimeSpan _negotiationTimeout = TimeSpan.FromSeconds(60);
    private TimeSpan _helloInterval = TimeSpan.FromSeconds(60);
    private TimeSpan _abortTimer1 = TimeSpan.FromSeconds(3);
    private TimeSpan _abortTimer2 = TimeSpan.FromSeconds(1);
    private TimeSpan _disconnectTimer1 = TimeSpan.FromSeconds(5);
    private TimeSpan _disconnectTimer2 = TimeSpan.FromSeconds(1);
    private int _connectRequestRetryLimit = 3;
    private CertHashProtocols _acceptedHashProtocols = CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 | CertHashProtocols.CERT_HASH_PROTOCOL_SHA256;

    /// <summary>
    /// From Call Connect Request to the Ack, and again from the Ack to the end of PPP authentication.
    /// 60 s: MS-SSTP §3.2.2.1, Windows footnote &lt;6&gt;.
    /// </summary>
    public TimeSpan NegotiationTimeout { get => _negotiationTimeout; set => _negotiationTimeout = Positive(value); }

    /// <summary>
    /// Idle time before we send Echo Request; the same again without anything received closes the
    /// connection. 60 s: MS-SSTP §3.1.2.3.
    /// </summary>
    public TimeSpan HelloInterval { get => _helloInterval; set => _helloInterval = Positive(value); }

    /// <summary>Wait for the peer's Call Abort after ours. 3 s: MS-SSTP §3.1.2.1 (ABORT_STATE_TIMER_1).</summary>
    public TimeSpan AbortTimer1 { get => _abortTimer1; set => _abortTimer1 = Positive(value); }

    /// <summary>Linger after the Call Abort exchange. 1 s: MS-SSTP §3.1.2.1 (ABORT_STATE_TIMER_2).</summary>
    public TimeSpan AbortTimer2 { get => _abortTimer2; set => _abortTimer2 = Positive(value); }

    /// <summary>Wait for Call Disconnect Ack. 5 s: MS-SSTP §3.1.2.2 (DISCONNECT_STATE_TIMER_1).</summary>
    public TimeSpan DisconnectTimer1 { get => _disconnectTimer1; set => _disconnectTimer1 = Positive(value); }

    /// <summary>Linger after sending Call Disconnect Ack. 1 s: MS-SSTP §3.1.2.2 (DISCONNECT_STATE_TIMER_2).</summary>
    public TimeSpan DisconnectTimer2 { get => _disconnectTimer2; set => _disconnectTimer2 = Positive(value); }

    /// <summary>
    /// Call Connect Requests re-sent after a Nak before giving up (RETRY_COUNT_EXCEEDED).
    /// 3: the Windows client retries three times (footnote &lt;10&gt;). 0 aborts on the first Nak.
    /// </summary>
    public int ConnectRequestRetryLimit
    {
        get => _connectRequestRetryLimit;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 100);
            _connectRequestRetryLimit = value;
        }
    }

    /// <summary>
    /// Hash protocols we agree to bind with; SHA-256 is chosen whenever the server offers it
    /// (MS-SSTP §3.2.5.2). Restrict to SHA-256 to refuse servers that offer SHA-1 only.
    /// </summary>
    public CertHashProtocols AcceptedHashProtocols
    {
        get => _acceptedHashProtocols;
        set
        {
            const CertHashProtocols all = CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 | CertHashProtocols.CERT_HASH_PROTOCOL_SHA256;
            if (value == CertHashProtocols.None || (value & ~all) != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Accept SHA-1, SHA-256 or both.");
            }

            _acceptedHashProtocols = value;
        }
    }

    private static TimeSpan Positive(TimeSpan value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
        return value;
    }
}
