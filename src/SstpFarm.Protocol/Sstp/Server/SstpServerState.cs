namespace SstpFarm.Protocol.Sstp.Server;

/// <summary>
/// CurrentState of the server's per-connection state machine, names as in MS-SSTP §3.3.1.1.1
/// (call establishment) and §3.1.1.1 (the teardown states shared with the client).
/// The *_In_Progress_* states are passed through while the corresponding message is sent; the teardown
/// states take their values from <see cref="SstpTeardownState"/>.
/// </summary>
public enum SstpServerState
{
    Server_Call_Disconnected,
    Server_Connect_Request_Pending,
    Server_Call_Connected_Pending,
    Server_Call_Connected,
    Call_Disconnect_In_Progress_1 = (int)SstpTeardownState.Call_Disconnect_In_Progress_1,
    Call_Disconnect_Ack_Pending = (int)SstpTeardownState.Call_Disconnect_Ack_Pending,
    Call_Disconnect_In_Progress_2 = (int)SstpTeardownState.Call_Disconnect_In_Progress_2,
    Call_Disconnect_Timeout_Pending = (int)SstpTeardownState.Call_Disconnect_Timeout_Pending,
    Call_Abort_In_Progress_1 = (int)SstpTeardownState.Call_Abort_In_Progress_1,
    Call_Abort_Pending = (int)SstpTeardownState.Call_Abort_Pending,
    Call_Abort_In_Progress_2 = (int)SstpTeardownState.Call_Abort_In_Progress_2,
    Call_Abort_Timeout_Pending = (int)SstpTeardownState.Call_Abort_Timeout_Pending,
}
