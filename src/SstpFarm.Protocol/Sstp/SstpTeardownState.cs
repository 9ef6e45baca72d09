namespace SstpFarm.Protocol.Sstp;

/// <summary>
/// Where <see cref="SstpTeardown"/> is in the Call Disconnect / Call Abort state machine shared by
/// client and server (MS-SSTP §3.1.1.1). The values are those of the same-named members of
/// <see cref="Client.SstpClientState"/> and <see cref="Server.SstpServerState"/>, which are defined
/// from these, so a machine shows a teardown state by casting.
/// </summary>
public enum SstpTeardownState
{
    /// <summary>No teardown has begun (or the connection was cleaned up).</summary>
    None = 0,
    Call_Disconnect_In_Progress_1 = 4,
    Call_Disconnect_Ack_Pending = 5,
    Call_Disconnect_In_Progress_2 = 6,
    Call_Disconnect_Timeout_Pending = 7,
    Call_Abort_In_Progress_1 = 8,
    Call_Abort_Pending = 9,
    Call_Abort_In_Progress_2 = 10,
    Call_Abort_Timeout_Pending = 11,
}
