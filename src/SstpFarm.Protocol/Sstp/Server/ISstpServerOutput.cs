namespace SstpFarm.Protocol.Sstp.Server;

/// <summary>
/// What the server state machine asks its connection to do. Calls happen synchronously inside the
/// machine's methods and must not call back into the machine.
/// </summary>
public interface ISstpServerOutput
{
    /// <summary>Send this complete SSTP control packet (header included). The span is only valid for the call.</summary>
    void SendControlPacket(ReadOnlySpan<byte> packet);

    /// <summary>Call Connect Ack was sent: signal Lower-Layer-Up to PPP so LCP starts.</summary>
    void LowerLayerUp();

    /// <summary>Call Connected verified: PPP data frames (IP) may now flow in both directions.</summary>
    void DataFramesAllowed();

    /// <summary>
    /// Close TLS/TCP now and signal Lower-Layer-Down to PPP. Called exactly once per connection.
    /// </summary>
    void CloseConnection(SstpCloseReason reason);
}
