using SstpFarm.Protocol.Ppp;

namespace SstpFarm.Protocol.Auth;

/// <summary>
/// What every PPP authentication state machine shares, either role: one protocol number, a
/// retransmitted packet (CHAP Challenge, PAP Authenticate-Request), an overall deadline and a
/// single outcome. Pure: the caller passes the time and drives <see cref="OnTimer"/> from its
/// heartbeat at or after <see cref="NextTimerMs"/>.
/// </summary>
public abstract class PppAuthExchange
{
    private readonly IPppOutput output;
    private readonly IAuthOutcomeListener listener;
    private byte[]? retransmitPacket;
    private int transmits;
    private long retransmitAtMs = long.MaxValue;
    private long deadlineMs = long.MaxValue;

    private protected PppAuthExchange(AuthMethod method, ushort protocol, IPppOutput output, IAuthOutcomeListener listener, PppAuthOptions options)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(listener);
        ArgumentNullException.ThrowIfNull(options);
        Method = method;
        Protocol = protocol;
        this.output = output;
        this.listener = listener;
        Options = options;
    }

    public AuthMethod Method { get; }

    /// <summary>The PPP protocol number whose packets go to <see cref="Receive"/>.</summary>
    public ushort Protocol { get; }

    public AuthState State { get; private protected set; }

    /// <summary>Set once the exchange has finished.</summary>
    public AuthResult? Result { get; private set; }

    /// <summary>When <see cref="OnTimer"/> next has work; <see cref="long.MaxValue"/> when none.</summary>
    public long NextTimerMs => State is AuthState.Authenticating or AuthState.Verifying
        ? Math.Min(deadlineMs, retransmitAtMs)
        : long.MaxValue;

    private protected PppAuthOptions Options { get; }

    /// <summary>The peer's name (server) or ours (client), reported in the result.</summary>
    private protected string UserName { get; set; } = string.Empty;

    /// <summary>Begins the exchange; call when LCP reaches Opened (RFC 1661 §3.5). Later calls do nothing.</summary>
    public void Start(long nowMs)
    {
        if (State != AuthState.Initial)
        {
            return;
        }

        State = AuthState.Authenticating;
        deadlineMs = nowMs + Options.AuthTimeoutMs;
        OnStarted(nowMs);
    }

    /// <summary>
    /// Handles one packet of <see cref="Protocol"/> (Code, Identifier, Length, Data). Malformed or
    /// unexpected packets are silently discarded, as RFC 1994 §4 and RFC 1334 §2.2 ask.
    /// </summary>
    public void Receive(ReadOnlySpan<byte> packet, long nowMs)
    {
        if (State == AuthState.Initial)
        {
            return;
        }

        if (State is AuthState.Authenticating or AuthState.Verifying && nowMs >= deadlineMs)
        {
            Fail(AuthFailureReason.Timeout);
            return;
        }

        OnReceive(packet, nowMs);
    }

    /// <summary>Retransmits or gives up when a timer is due.</summary>
    public void OnTimer(long nowMs)
    {
        if (State is not (AuthState.Authenticating or AuthState.Verifying))
        {
            return;
        }

        if (nowMs >= deadlineMs)
        {
            Fail(AuthFailureReason.Timeout);
            return;
        }

        if (retransmitPacket is null || nowMs < retransmitAtMs)
        {
            return;
        }

        if (transmits >= Options.MaxTransmits)
        {
            Fail(AuthFailureReason.NoResponse);
            return;
        }

        transmits++;
        retransmitAtMs = nowMs + Options.RestartIntervalMs;
        output.Send(Protocol, retransmitPacket);
    }

    private protected abstract void OnStarted(long nowMs);

    private protected abstract void OnReceive(ReadOnlySpan<byte> packet, long nowMs);

    private protected bool IsPastDeadline(long nowMs) => nowMs >= deadlineMs;

    private protected void Send(ReadOnlySpan<byte> packet) => output.Send(Protocol, packet);

    /// <summary>Sends a packet that the timer resends, unchanged, until <see cref="StopRetransmitting"/>.</summary>
    private protected void SendRetransmitted(ReadOnlySpan<byte> packet, long nowMs)
    {
        retransmitPacket = packet.ToArray();
        transmits = 1;
        retransmitAtMs = nowMs + Options.RestartIntervalMs;
        output.Send(Protocol, packet);
    }

    private protected void StopRetransmitting()
    {
        retransmitPacket = null;
        retransmitAtMs = long.MaxValue;
    }

    /// <summary>Ends the exchange: records the result, sends <paramref name="finalPacket"/> (if any), then tells the listener.</summary>
    private protected void Finish(AuthResult result, ReadOnlySpan<byte> finalPacket)
    {
        StopRetransmitting();
        State = result.Succeeded ? AuthState.Succeeded : AuthState.Failed;
        Result = result;
        if (!finalPacket.IsEmpty)
        {
            output.Send(Protocol, finalPacket);
        }

        listener.OnFinished(result);
    }

    private protected void Fail(AuthFailureReason reason) =>
        Finish(AuthResult.Failure(Method, UserName, reason), default);
}
