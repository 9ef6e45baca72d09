using SstpFarm.Protocol.Sstp.CryptoBinding;

namespace SstpFarm.Protocol.Sstp.Server;

/// <summary>
/// Tuning of the server control state machine beyond the timers both ends share
/// (<see cref="SstpTimerOptions"/>). Every default states where it comes from; setters reject
/// values that would break the protocol.
/// </summary>
public sealed class SstpServerOptions : SstpTimerOptions
{
    private int _nakRetryLimit = 3;
    private CertHashProtocols _offeredHashProtocols = CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 | CertHashProtocols.CERT_HASH_PROTOCOL_SHA256;

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
}
