using SstpFarm.Protocol.Auth;
using SstpFarm.Protocol.Common;
using SstpFarm.Protocol.Link;
using SstpFarm.Protocol.Ppp;
using SstpFarm.Protocol.Ppp.Lcp;

namespace SstpFarm.Protocol.Tests.Link;

/// <summary>
/// A server that asks for EAP, Protocol-Rejects our EAP answer and restarts LCP asking for
/// MS-CHAPv2 (what SoftEther does when the client declines EAP-TLS): the client follows.
/// </summary>
public sealed class PppLinkRenegotiationTests
{
    [Fact]
    public void ClientFollowsAServerThatRestartsLcpWithAnotherMethod()
    {
        var host = new RecordingHost();
        var link = new PppLink(
            new PppLinkOptions
            {
                Role = PppRole.Client,
                UserName = "User",
                Password = "clientPass",
                Lcp = new LcpOptions { Role = PppRole.Client, AuthMethods = [LcpAuthMethod.Eap, LcpAuthMethod.MsChapV2] },
            },
            host,
            CryptoRandomSource.Instance);
        link.Start(0);

        // Server: Configure-Request asking for EAP; then it acknowledges whatever the client asked.
        link.Receive(PppProtocol.Lcp, [0x01, 0x01, 0x00, 0x08, 0x03, 0x04, 0xC2, 0x27], 0);
        AckLastClientRequest(link, host);
        Assert.Equal(PppLinkPhase.Authenticate, link.Phase);
        Assert.Equal(LcpAuthMethod.Eap, link.Lcp.AuthMethod);

        // Server Protocol-Rejects EAP (RFC 1661 §5.7): the client does not give up yet.
        link.Receive(PppProtocol.Lcp, [0x08, 0x02, 0x00, 0x0C, 0xC2, 0x27, 0x02, 0x01, 0x00, 0x06, 0x03, 0x1A], 0);
        Assert.Empty(host.Finished);

        // ... and renegotiates LCP asking for MS-CHAPv2.
        link.Receive(PppProtocol.Lcp, [0x01, 0x03, 0x00, 0x09, 0x03, 0x05, 0xC2, 0x23, 0x81], 10);
        AckLastClientRequest(link, host);
        Assert.Equal(LcpAuthMethod.MsChapV2, link.Lcp.AuthMethod);
        Assert.Equal(PppLinkPhase.Authenticate, link.Phase);

        // The new method is live: an MS-CHAPv2 Challenge gets a 49-byte Response.
        byte[] challenge = [0x01, 0x07, 0x00, 0x15, 0x10, .. new byte[16]];
        host.Sent.Clear();
        link.Receive(PppProtocol.Chap, challenge, 20);
        (ushort protocol, byte[] response) = Assert.Single(host.Sent);
        Assert.Equal(PppProtocol.Chap, protocol);
        Assert.Equal(0x02, response[0]);
        Assert.Equal(49, response[4]);
        Assert.Empty(host.Finished);
    }

    [Fact]
    public void AServerStillClosesWhenTheClientProtocolRejectsAuthentication()
    {
        var host = new RecordingHost();
        var link = new PppLink(new PppLinkOptions { Role = PppRole.Server, Lcp = new LcpOptions { Role = PppRole.Server, AuthMethods = [LcpAuthMethod.Pap] } }, host, CryptoRandomSource.Instance);
        link.Start(0);
        link.Receive(PppProtocol.Lcp, [0x01, 0x01, 0x00, 0x04], 0); // client asks for nothing
        AckLastClientRequest(link, host);                            // and acks our request (PAP)
        Assert.Equal(PppLinkPhase.Authenticate, link.Phase);

        link.Receive(PppProtocol.Lcp, [0x08, 0x02, 0x00, 0x06, 0xC0, 0x23], 0);
        for (long t = 0; t < 30_000 && host.Finished.Count == 0; t += 1000)
        {
            link.Tick(t);
        }

        Assert.Equal([PppLinkCloseReason.AuthenticationRefused], host.Finished);
    }

    private static void AckLastClientRequest(PppLink link, RecordingHost host)
    {
        byte[] request = host.Sent.Last(s => s.Protocol == PppProtocol.Lcp && s.Packet[0] == (byte)PppCode.ConfigureRequest).Packet;
        byte[] ack = [.. request];
        ack[0] = (byte)PppCode.ConfigureAck;
        link.Receive(PppProtocol.Lcp, ack, 0);
    }

    private sealed class RecordingHost : IPppLinkHost
    {
        public List<(ushort Protocol, byte[] Packet)> Sent { get; } = [];

        public List<PppLinkCloseReason> Finished { get; } = [];

        public void SendControl(ushort protocol, ReadOnlySpan<byte> packet) => Sent.Add((protocol, packet.ToArray()));

        public void OnVerificationRequested(AuthVerificationRequest request)
        {
        }

        public void OnAuthenticated(AuthResult result)
        {
        }

        public void OnNetworkLayerUp(ushort protocol)
        {
        }

        public void OnNetworkLayerDown(ushort protocol)
        {
        }

        public void OnLinkFinished(PppLinkCloseReason reason) => Finished.Add(reason);
    }
}
