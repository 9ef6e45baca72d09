namespace SstpFarm.Protocol.Sstp.Server;

/// <summary>Which PPP frames may pass in which server state (MS-SSTP §3.3.7.1, §3.3.7.2).</summary>
public static class SstpFrameGate
{
    /// <summary>Protocols 0x8000-0xFFFF are control (NCPs, LCP, authentication); below carry network data (RFC 1661 §2).</summary>
    public static bool IsPppControlProtocol(ushort protocol) => protocol >= 0x8000;

    /// <summary>PPP control frames flow once Call Connect Ack is sent, until teardown.</summary>
    public static bool AllowsPppControlFrames(SstpServerState state) =>
        state is SstpServerState.Server_Call_Connected_Pending or SstpServerState.Server_Call_Connected;

    /// <summary>PPP data frames flow only after Call Connected is verified.</summary>
    public static bool AllowsPppDataFrames(SstpServerState state) => state == SstpServerState.Server_Call_Connected;

    /// <summary>Whether a frame of this PPP protocol may pass, in either direction, in <paramref name="state"/>.</summary>
    public static bool MayForward(SstpServerState state, ushort protocol) =>
        IsPppControlProtocol(protocol) ? AllowsPppControlFrames(state) : AllowsPppDataFrames(state);
}
