using SstpFarm.Protocol.Sstp.CryptoBinding;

namespace SstpFarm.Protocol.Sstp.Client;

/// <summary>
/// Tuning of the client control state machine beyond the timers both ends share
/// (<see cref="SstpTimerOptions"/>). Every default states where it comes from; setters reject
/// values that would break the protocol.
/// </summary>
public sealed class SstpClientOptions : SstpTimerOptions
{
    private int _connectRequestRetryLimit = 3;
    private CertHashProtocols _acceptedHashProtocols = CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 | CertHashProtocols.CERT_HASH_PROTOCOL_SHA256;

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
}
