using SstpFarm.Protocol.Sstp.CryptoBinding;

namespace SstpFarm.Protocol.Sstp.Server;

/// <summary>
/// Tuning of the server control state machine. Every default states where it comes from
/// (docs/protocol/sstp.md §10). Setters reject values that would break the protocol.
/// </summary>
public sealed class SstpServerOptions
{
    private TimeSpan _negotiationTimeout = TimeSpan.FromSeconds(60);
    private TimeSpan _helloInterval = TimeSpan.FromSeconds(60);
    private TimeSpan _abortTimer1 = TimeSpan.FromSeconds(3);
    private TimeSpan _abortTimer2 = TimeSpan.FromSeconds(1);
    private TimeSpan _disconnectTimer1 = TimeSpan.FromSeconds(5);
    private TimeSpan _disconnectTimer2 = TimeSpan.FromSeconds(1);
    private int _nakRetryLimit = 3;
    private CertHashProtocols _offeredHashProtocols = CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 | CertHashProtocols.CERT_HASH_PROTOCOL_SHA256;

    /// <summary>
    /// From HTTP 200 to Call Connect Request, and again from Call Connect Ack to a verified Call Connected.
    /// 60 s: MS-SSTP §3.3.2.1, Windows footnote &lt;12&gt;, accel.
    /// </summary>
    public TimeSpan NegotiationTimeout { get => _negotiationTimeout; set => _negotiationTimeout = Positive(value); }

    /// <summary>
    /// Idle time before we send Echo Request; the same again without anything received closes the
    /// connection. 60 s: MS-SSTP §3.1.2.3, accel, sorz.
    /// </summary>
    public TimeSpan HelloInterval { get => _helloInterval; set => _helloInterval = Positive(value); }

    /// <summary>Wait for the peer's Call Abort after ours. 3 s: MS-SSTP §3.1.2.1 (ABORT_STATE_TIMER_1), accel, sorz.</summary>
    public TimeSpan AbortTimer1 { get => _abortTimer1; set => _abortTimer1 = Positive(value); }

    /// <summary>Linger after the Call Abort exchange. 1 s: MS-SSTP §3.1.2.1 (ABORT_STATE_TIMER_2).</summary>
    public TimeSpan AbortTimer2 { get => _abortTimer2; set => _abortTimer2 = Positive(value); }

    /// <summary>Wait for Call Disconnect Ack. 5 s: MS-SSTP §3.1.2.2 (DISCONNECT_STATE_TIMER_1), accel.</summary>
    public TimeSpan DisconnectTimer1 { get => _disconnectTimer1; set => _disconnectTimer1 = Positive(value); }

    /// <summary>Linger after sending Call Disconnect Ack. 1 s: MS-SSTP §3.1.2.2 (DISCONNECT_STATE_TIMER_2).</summary>
    public TimeSpan DisconnectTimer2 { get => _disconnectTimer2; set => _disconnectTimer2 = Positive(value); }

    /// <summary>
    /// Call Connect Naks sent before the next invalid request is aborted (RETRY_COUNT_EXCEEDED).
    /// 3: Windows footnotes &lt;2&gt;, &lt;16&gt;; accel; sorz. 0 aborts on the first invalid request.
    /// </summary>
    public int NakRetryLimit
    {
        get => _nakRetryLimit;
        set
        {
            ArgumentOutOfRangeException.ThrowIfNegative(value);
            ArgumentOutOfRangeException.ThrowIfGreaterThan(value, 100);
            _nakRetryLimit = value;
        }
    }

    /// <summary>
    /// Hash Protocol Bitmask offered in Call Connect Ack (further limited to the certificate hashes
    /// known). 0x03: accel's default; every known client then picks SHA-256 (crypto-binding.md §2).
    /// </summary>
    public CertHashProtocols OfferedHashProtocols
    {
        get => _offeredHashProtocols;
        set
        {
            const CertHashProtocols all = CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 | CertHashProtocols.CERT_HASH_PROTOCOL_SHA256;
            if (value == CertHashProtocols.None || (value & ~all) != 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Offer SHA-1, SHA-256 or both.");
            }

            _offeredHashProtocols = value;
        }
    }

    /// <summary>
    /// Answer Echo Request while waiting for Call Connected instead of aborting as the spec says:
    /// sstpc sends one whenever its receive timer fires (interop.md #20). Default true.
    /// </summary>
    public bool AnswerEchoRequestBeforeCallConnected { get; set; } = true;

    private static TimeSpan Positive(TimeSpan value)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(value, TimeSpan.Zero);
        return value;
    }
}
