using System.Buffers.Binary;
using SstpFarm.Protocol.Ppp;
using SstpFarm.Protocol.Ppp.Fsm;
using SstpFarm.Protocol.Ppp.Ipv6cp;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Ppp;

public sealed class Ipv6cpProtocolTests
{
    private const ulong OurId = 0x0211_22FF_FE33_4455;
    private readonly RecordingOutput _output = new();

    private Ipv6cpProtocol Started()
    {
        var ipv6cp = new Ipv6cpProtocol(_output, new SequenceRandom(), new Ipv6cpOptions { InterfaceIdentifier = OurId });
        ipv6cp.Up(0);
        ipv6cp.Open(0);
        return ipv6cp;
    }

    [Fact]
    public void RequestsOurInterfaceIdentifier()
    {
        Started();

        Assert.Equal(PppProtocol.Ipv6cp, _output.Sent[0].Protocol);
        Assert.Equal("0101000e010a021122fffe334455", Hex.Format(_output.Last));
    }

    [Theory]
    [InlineData("00 00 00 00 00 00 00 00")]
    [InlineData("02 11 22 FF FE 33 44 55")]
    public void NaksAZeroOrEqualIdentifierWithAFreshOne(string id)
    {
        Ipv6cpProtocol ipv6cp = Started();

        ipv6cp.Receive(Hex.Parse("01 04 00 0E 01 0A " + id), 0);

        byte[] nak = _output.Last;
        Assert.Equal("0304000e010a", Hex.Format(nak.AsSpan(0, 6)));
        ulong suggested = BinaryPrimitives.ReadUInt64BigEndian(nak.AsSpan(6));
        Assert.NotEqual(0ul, suggested);
        Assert.NotEqual(OurId, suggested);
    }

    [Fact]
    public void AcksADistinctIdentifierAndRejectsCompression()
    {
        Ipv6cpProtocol ipv6cp = Started();

        ipv6cp.Receive(Hex.Parse("01 04 00 12 01 0A 00 00 00 00 00 00 00 09 02 04 00 4F"), 0);
        Assert.Equal("040400080204004f", Hex.Format(_output.Last));

        ipv6cp.Receive(Hex.Parse("01 05 00 0E 01 0A 00 00 00 00 00 00 00 09"), 0);
        Assert.Equal("0205000e010a0000000000000009", Hex.Format(_output.Last));
        Assert.Equal(9ul, ipv6cp.PeerInterfaceIdentifier);
    }

    [Fact]
    public void TakesTheSuggestedIdentifierFromANak()
    {
        Ipv6cpProtocol ipv6cp = Started();

        ipv6cp.Receive(Hex.Parse("03 01 00 0E 01 0A 00 00 00 00 00 00 00 77"), 0);

        Assert.Equal("0102000e010a0000000000000077", Hex.Format(_output.Last));
    }

    [Theory]
    [InlineData(0ul, 0ul)]
    [InlineData(OurId, OurId)]
    [InlineData(OurId, 5ul)]
    [InlineData(0x1011121314151617ul, 0ul)]
    public void TwoEndsConvergeOnDistinctIdentifiers(ulong serverId, ulong clientId)
    {
        var loop = new PppLoop();
        var server = new Ipv6cpProtocol(loop.AtoB, SequenceRandom.Counting(0x10), new Ipv6cpOptions { InterfaceIdentifier = serverId });
        var client = new Ipv6cpProtocol(loop.BtoA, SequenceRandom.Counting(0x80), new Ipv6cpOptions { InterfaceIdentifier = clientId });
        loop.A = server;
        loop.B = client;

        server.Up(0);
        server.Open(0);
        client.Up(0);
        client.Open(0);
        loop.Pump(0);

        Assert.Equal(PppState.Opened, server.State);
        Assert.Equal(PppState.Opened, client.State);
        Assert.NotEqual(0ul, server.LocalInterfaceIdentifier);
        Assert.NotEqual(server.LocalInterfaceIdentifier, client.LocalInterfaceIdentifier);
        Assert.Equal(server.LocalInterfaceIdentifier, client.PeerInterfaceIdentifier);
        Assert.Equal(client.LocalInterfaceIdentifier, server.PeerInterfaceIdentifier);
    }
}
