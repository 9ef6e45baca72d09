using System.Globalization;
using System.Text;

namespace SstpFarm.Protocol.Auth;

/// <summary>
/// Timers, limits and texts of PPP authentication, both roles. Every default names where it comes
/// from; setters reject values that cannot work.
/// </summary>
public sealed class PppAuthOptions
{
    private int restartIntervalMs = 3000;
    private int maxTransmits = 10;
    private int authTimeoutMs = 30_000;
    private string serverName = "SstpFarm";
    private string successText = "Authentication succeeded";
    private string failureText = "Authentication failed";

    /// <summary>
    /// Retransmission interval of a CHAP Challenge (server) or PAP Authenticate-Request (client).
    /// Default 3 s: RFC 1661 §4.6 Restart timer, pppd's chap-restart / pap-restart; ppp.md §8.2 asks
    /// for 2-3 s because pppd drops a Challenge that arrives before its LCP is Opened (interop #27).
    /// </summary>
    public int RestartIntervalMs
    {
        get => restartIntervalMs;
        set => restartIntervalMs = InRange(value, 100, 60_000);
    }

    /// <summary>
    /// How many times a Challenge / Authenticate-Request is sent before giving up. Default 10:
    /// RFC 1661 §4.6 Max-Configure, pppd's chap-max-challenge / pap-max-authreq.
    /// </summary>
    public int MaxTransmits
    {
        get => maxTransmits;
        set => maxTransmits = InRange(value, 1, 100);
    }

    /// <summary>
    /// Overall limit from start to a decision, verifier round trips included. Default 30 s: pppd's
    /// pap-timeout (upap_reqtimeout), long enough for a RADIUS retry.
    /// </summary>
    public int AuthTimeoutMs
    {
        get => authTimeoutMs;
        set => authTimeoutMs = InRange(value, 1000, 600_000);
    }

    /// <summary>The Name of the server's CHAP Challenge (RFC 1994 §4.1; may be empty). At most 64 bytes of UTF-8.</summary>
    public string ServerName
    {
        get => serverName;
        set => serverName = Text(value, nameof(ServerName));
    }

    /// <summary>The M= text of an MS-CHAPv2 Success and the message of a PAP Ack / CHAP Success.</summary>
    public string SuccessText
    {
        get => successText;
        set => successText = Text(value, nameof(SuccessText));
    }

    /// <summary>The M= text of an MS-CHAPv2 Failure and the message of a PAP Nak / CHAP Failure.</summary>
    public string FailureText
    {
        get => failureText;
        set => failureText = Text(value, nameof(FailureText));
    }

    /// <summary>Longest <see cref="ServerName"/> or message text, in UTF-8 bytes; keeps packets on the stack.</summary>
    public const int MaxTextBytes = 64;

    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"RestartIntervalMs={RestartIntervalMs} MaxTransmits={MaxTransmits} AuthTimeoutMs={AuthTimeoutMs} ServerName='{ServerName}'");

    private static int InRange(int value, int min, int max, [System.Runtime.CompilerServices.CallerMemberName] string name = "") =>
        value >= min && value <= max
            ? value
            : throw new ArgumentOutOfRangeException(name, value, $"{name} must be between {min} and {max}.");

    private static string Text(string value, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        return Encoding.UTF8.GetByteCount(value) <= MaxTextBytes
            ? value
            : throw new ArgumentException($"{name} must be at most {MaxTextBytes} UTF-8 bytes.", name);
    }
}
