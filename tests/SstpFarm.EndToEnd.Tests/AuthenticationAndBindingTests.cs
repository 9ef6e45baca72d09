using SstpFarm.Client;
using SstpFarm.DataPlane.Sessions;
using SstpFarm.DataPlane.Tests.Infrastructure;
using SstpFarm.EndToEnd.Tests.Infrastructure;
using SstpFarm.Protocol.Sstp.Control;
using Xunit.Abstractions;

namespace SstpFarm.EndToEnd.Tests;

/// <summary>Bad credentials and a tampered crypto binding (a man in the middle holding the node's own certificate).</summary>
[Trait("Category", "EndToEnd")]
public sealed class AuthenticationAndBindingTests(ITestOutputHelper output)
{
    [Fact]
    public async Task AWrongPasswordFailsCleanlyAndIsCounted()
    {
        await using EndToEndNetwork network = await EndToEndNetwork.StartAsync();
        var e = await Assert.ThrowsAsync<SstpConnectException>(() => network.ConnectAsync(password: "not-the-password"));
        output.WriteLine(e.Message);
        Assert.Equal(SstpConnectFailure.AuthenticationFailed, e.Failure);
        Eventually.True(() => network.Node.SessionCount == 0, network.Describe);
        Assert.Equal(1, network.Node.Counters.ClosedWith(ConnectionCloseReason.AuthenticationFailed));
        Assert.Equal(0, network.Node.Counters.Connected);

        // The node is unharmed: another user connects.
        await using SstpClientSession session = await network.ConnectAsync(EndToEndNetwork.OtherUser, EndToEndNetwork.OtherPassword);
        Assert.Equal(1, network.Node.Counters.Connected);
    }

    [Theory]
    [InlineData(false, ConnectionCloseReason.CryptoBindingMacMismatch)]
    [InlineData(true, ConnectionCloseReason.CryptoBindingCertificateHashMismatch)]
    public async Task ATamperedCallConnectedIsAbortedAndCounted(bool certificateHash, ConnectionCloseReason expected)
    {
        await using EndToEndNetwork network = await EndToEndNetwork.StartAsync();
        int tampered = 0;
        await using var relay = new SstpRelay(network.Topology.Node.Path, Topology.NodeAddress, network.NodeEndPoint, network.Certificates.Server, packet =>
        {
            if (!SstpBytes.IsControl(packet, SstpMessageType.SSTP_MSG_CALL_CONNECTED))
            {
                return packet;
            }

            Assert.Equal(SstpBytes.CallConnectedLength, packet.Length);
            Interlocked.Increment(ref tampered);
            return certificateHash ? SstpBytes.WithCertificateHashFlipped(packet) : SstpBytes.WithCompoundMacFlipped(packet);
        });

        // The client may see IPCP open before the node checks the binding, or not: either way the session must end.
        SstpClientSession? session = null;
        try
        {
            session = await network.ConnectAsync(server: relay.EndPoint);
        }
        catch (SstpConnectException e)
        {
            output.WriteLine($"connect failed: {e.Message}");
        }

        await relay.NodeClosed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, tampered);
        Assert.Contains(SstpMessageType.SSTP_MSG_CALL_ABORT, relay.FromNode);
        Eventually.True(() => network.Node.SessionCount == 0, network.Describe);
        Assert.Equal(1, network.Node.Counters.ClosedWith(expected));
        if (session is not null)
        {
            SstpDisconnectInfo end = await session.Completion.WaitAsync(TimeSpan.FromSeconds(30));
            output.WriteLine($"client saw: {end}");
            await session.DisposeAsync();
        }
    }
}
