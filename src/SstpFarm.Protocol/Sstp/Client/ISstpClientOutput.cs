namespace SstpFarm.Protocol.Sstp.Client;

/// <summary>
/// What the client state machine asks its connection to do. Calls happen synchronously inside the
/// machine's methods and must not call back into the machine.
/// </summary>
public interface ISstpClientOutput
{
    /// <summary>Send this complete SSTP control packet (header included). The span is only valid for the call.</summary>
    void SendControlPacket(ReadOnlySpan<byte> packet);

    /// <summary>Call Connect Ack received: signal Lower-Layer-Up to PPP so LCP and authentication start (MS-SSTP §3.1.7.1).</summary>
    void LowerLayerUp();

    /// <summary>Call Connected sent: PPP data frames (IP) may now flow in both directions.</summary>
    void DataFramesAllowed();

    /// <summary>Close TLS/TCP now and signal Lower-Layer-Down to PPP. Called exactly once per connection.</summary>
    void CloseConnection(SstpClientCloseReason reason);
}
