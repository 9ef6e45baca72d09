using SstpFarm.Protocol.Common;
using SstpFarm.Protocol.Sstp.Control;
using SstpFarm.Protocol.Sstp.CryptoBinding;
using SstpFarm.Protocol.Sstp.Server;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Sstp;

/// <summary>
/// Drives an <see cref="SstpServerStateMachine"/> with the [MS-SSTP §4.7] SHA-256 example: the random
/// source yields the spec nonce, so the published Call Connected verifies with the published HLAK.
/// </summary>
internal sealed class ServerHarness : ISstpServerOutput
{
    public static readonly byte[] Nonce = Hex.Parse(SstpVectors.NonceSha256);
    public static readonly byte[] Hlak = Hex.Parse(SstpVectors.HlakSha256Example);
    public static readonly byte[] CallConnected = Hex.Parse(SstpVectors.CallConnectedSha256);
    public static readonly byte[] CallConnectRequest = Hex.Parse("10 01 00 0E 00 01 00 01 00 01 00 06 00 01");
    public static readonly byte[] BadCallConnectRequest = Hex.Parse("10 01 00 0E 00 01 00 01 00 01 00 06 00 02");
    public static readonly byte[] EchoRequest = Hex.Parse("10 01 00 08 00 08 00 00");
    public static readonly byte[] EchoResponse = Hex.Parse("10 01 00 08 00 09 00 00");
    public static readonly byte[] CallAbort = Hex.Parse("10 01 00 14 00 05 00 01 00 02 00 0C 00 00 00 02 00 00 00 07");
    public static readonly byte[] CallDisconnect = Hex.Parse("10 01 00 14 00 06 00 01 00 02 00 0C 00 00 00 00 00 00 00 00");
    public static readonly byte[] CallDisconnectAck = Hex.Parse("10 01 00 08 00 07 00 00");

    public ServerHarness(SstpServerOptions? options = null, ServerCertificateHashes? hashes = null)
    {
        Machine = new SstpServerStateMachine(
            options ?? new SstpServerOptions(),
            hashes ?? new ServerCertificateHashes(Hex.Parse(SstpVectors.CertHashSha1), Hex.Parse(SstpVectors.CertHashSha256)),
            new FixedRandom(Nonce),
            this);
    }

    public SstpServerStateMachine Machine { get; }

    public List<byte[]> Sent { get; } = [];

    public List<string> Events { get; } = [];

    public SstpServerState State => Machine.State;

    public void Receive(byte[] packet, long nowMs) => Machine.OnControlPacket(packet, nowMs);

    public void ClearOutput()
    {
        Sent.Clear();
        Events.Clear();
    }

    /// <summary>The message types sent so far, in order.</summary>
    public SstpMessageType[] SentTypes() => Sent.Select(p => (SstpMessageType)((p[4] << 8) | p[5])).ToArray();

    /// <summary>The single Status Info of the last packet sent (an Abort), as (AttribID, Status).</summary>
    public (SstpAttributeId, SstpAttributeStatus) LastStatus()
    {
        byte[] last = Sent[^1];
        Assert.Equal(20, last.Length);
        return ((SstpAttributeId)last[15], (SstpAttributeStatus)((last[16] << 24) | (last[17] << 16) | (last[18] << 8) | last[19]));
    }

    // Walk-ins to each state, all at t = 0.
    public ServerHarness InConnectRequestPending()
    {
        Machine.Start(0);
        return this;
    }

    public ServerHarness InCallConnectedPending()
    {
        InConnectRequestPending().Receive(CallConnectRequest, 0);
        return this;
    }

    public ServerHarness InCallConnected()
    {
        InCallConnectedPending().Machine.SetHigherLayerAuthenticationKey(Hlak, 0);
        Receive(CallConnected, 0);
        Assert.Equal(SstpServerState.Server_Call_Connected, State);
        return this;
    }

    public ServerHarness In(SstpServerState state)
    {
        switch (state)
        {
            case SstpServerState.Server_Connect_Request_Pending:
                InConnectRequestPending();
                break;
            case SstpServerState.Server_Call_Connected_Pending:
                InCallConnectedPending();
                break;
            case SstpServerState.Server_Call_Connected:
                InCallConnected();
                break;
            case SstpServerState.Call_Abort_Pending:
                InCallConnected().Machine.Abort(0);
                break;
            case SstpServerState.Call_Abort_Timeout_Pending:
                InCallConnected().Receive(CallAbort, 0);
                break;
            case SstpServerState.Call_Disconnect_Ack_Pending:
                InCallConnected().Machine.Disconnect(0);
                break;
            case SstpServerState.Call_Disconnect_Timeout_Pending:
                InCallConnected().Receive(CallDisconnect, 0);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state));
        }

        Assert.Equal(state, State);
        ClearOutput();
        return this;
    }

    void ISstpServerOutput.SendControlPacket(ReadOnlySpan<byte> packet)
    {
        Sent.Add(packet.ToArray());
        Events.Add("send " + (SstpMessageType)((packet[4] << 8) | packet[5]));
    }

    void ISstpServerOutput.LowerLayerUp() => Events.Add("lower-layer-up");

    void ISstpServerOutput.DataFramesAllowed() => Events.Add("data-frames-allowed");

    void ISstpServerOutput.CloseConnection(SstpCloseReason reason) => Events.Add("close " + reason);

    private sealed class FixedRandom(byte[] bytes) : IRandomSource
    {
        public void Fill(Span<byte> destination)
        {
            for (int i = 0; i < destination.Length; i++)
            {
                destination[i] = bytes[i % bytes.Length];
            }
        }
    }
}
