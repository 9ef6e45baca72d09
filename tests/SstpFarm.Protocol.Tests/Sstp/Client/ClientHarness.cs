using SstpFarm.Protocol.Sstp.Client;
using SstpFarm.Protocol.Sstp.Control;
using SstpFarm.Protocol.Sstp.CryptoBinding;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Sstp.Client;

/// <summary>
/// Drives an <see cref="SstpClientStateMachine"/> whose TLS peer presented a certificate with the
/// [MS-SSTP §4.7] hashes, so the Call Connected it builds can be compared with the published bytes.
/// </summary>
internal sealed class ClientHarness : ISstpClientOutput
{
    public static readonly byte[] CallConnectRequest = Hex.Parse("10 01 00 0E 00 01 00 01 00 01 00 06 00 01");
    public static readonly byte[] Nak = Hex.Parse("10 01 00 16 00 03 00 01 00 02 00 0E 00 00 00 01 00 00 00 04 00 01");
    public static readonly byte[] EchoRequest = Hex.Parse("10 01 00 08 00 08 00 00");
    public static readonly byte[] EchoResponse = Hex.Parse("10 01 00 08 00 09 00 00");
    public static readonly byte[] CallAbort = Hex.Parse("10 01 00 14 00 05 00 01 00 02 00 0C 00 00 00 03 00 00 00 04");
    public static readonly byte[] CallDisconnect = Hex.Parse("10 01 00 14 00 06 00 01 00 02 00 0C 00 00 00 00 00 00 00 00");
    public static readonly byte[] CallDisconnectAck = Hex.Parse("10 01 00 08 00 07 00 00");

    public ClientHarness(SstpClientOptions? options = null, ServerCertificateHashes? hashes = null)
    {
        Machine = new SstpClientStateMachine(
            options ?? new SstpClientOptions(),
            hashes ?? new ServerCertificateHashes(Hex.Parse(SstpVectors.CertHashSha1), Hex.Parse(SstpVectors.CertHashSha256)),
            this);
    }

    public SstpClientStateMachine Machine { get; }

    public List<byte[]> Sent { get; } = [];

    public List<string> Events { get; } = [];

    public SstpClientState State => Machine.State;

    /// <summary>A Call Connect Ack with this bitmask and the nonce of the matching spec example.</summary>
    public static byte[] Ack(CertHashProtocols offered, string nonce = SstpVectors.NonceSha256)
    {
        byte[] ack = new byte[SstpControlWriter.CallConnectAckLength];
        SstpControlWriter.WriteCallConnectAck(ack, offered, Hex.Parse(nonce));
        return ack;
    }

    public void Receive(byte[] packet, long nowMs) => Machine.OnControlPacket(packet, nowMs);

    public void ClearOutput()
    {
        Sent.Clear();
        Events.Clear();
    }

    public SstpMessageType[] SentTypes() => Sent.Select(p => (SstpMessageType)((p[4] << 8) | p[5])).ToArray();

    /// <summary>The single Status Info of the last packet sent (an Abort), as (AttribID, Status).</summary>
    public (SstpAttributeId, SstpAttributeStatus) LastStatus()
    {
        byte[] last = Sent[^1];
        Assert.Equal(20, last.Length);
        return ((SstpAttributeId)last[15], (SstpAttributeStatus)((last[16] << 24) | (last[17] << 16) | (last[18] << 8) | last[19]));
    }

    public ClientHarness InConnectRequestSent()
    {
        Machine.Start(0);
        return this;
    }

    public ClientHarness InConnectAckReceived()
    {
        InConnectRequestSent().Receive(Ack(CertHashProtocols.CERT_HASH_PROTOCOL_SHA1 | CertHashProtocols.CERT_HASH_PROTOCOL_SHA256), 0);
        return this;
    }

    public ClientHarness InCallConnected()
    {
        InConnectAckReceived().Machine.OnAuthenticated(Hex.Parse(SstpVectors.HlakSha256Example), 0);
        Assert.Equal(SstpClientState.Client_Call_Connected, State);
        return this;
    }

    public ClientHarness In(SstpClientState state)
    {
        switch (state)
        {
            case SstpClientState.Client_Connect_Request_Sent:
                InConnectRequestSent();
                break;
            case SstpClientState.Client_Connect_Ack_Received:
                InConnectAckReceived();
                break;
            case SstpClientState.Client_Call_Connected:
                InCallConnected();
                break;
            case SstpClientState.Call_Abort_Pending:
                InCallConnected().Machine.Abort(0);
                break;
            case SstpClientState.Call_Abort_Timeout_Pending:
                InCallConnected().Receive(CallAbort, 0);
                break;
            case SstpClientState.Call_Disconnect_Ack_Pending:
                InCallConnected().Machine.Disconnect(0);
                break;
            case SstpClientState.Call_Disconnect_Timeout_Pending:
                InCallConnected().Receive(CallDisconnect, 0);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(state));
        }

        Assert.Equal(state, State);
        ClearOutput();
        return this;
    }

    void ISstpClientOutput.SendControlPacket(ReadOnlySpan<byte> packet)
    {
        Sent.Add(packet.ToArray());
        Events.Add("send " + (SstpMessageType)((packet[4] << 8) | packet[5]));
    }

    void ISstpClientOutput.LowerLayerUp() => Events.Add("lower-layer-up");

    void ISstpClientOutput.DataFramesAllowed() => Events.Add("data-frames-allowed");

    void ISstpClientOutput.CloseConnection(SstpClientCloseReason reason) => Events.Add("close " + reason);
}
