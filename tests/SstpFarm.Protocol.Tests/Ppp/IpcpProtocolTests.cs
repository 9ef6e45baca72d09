using System.Net;
using SstpFarm.Protocol.Ppp;
using SstpFarm.Protocol.Ppp.Fsm;
using SstpFarm.Protocol.Ppp.Ipcp;
using SstpFarm.Protocol.Tests.Common;

namespace SstpFarm.Protocol.Tests.Ppp;

public sealed class IpcpProtocolTests
{
    private static readonly IpcpOptions ServerOptions = new()
    {
        LocalAddress = IPAddress.Parse("172.23.24.14"),
        PeerAddress = IPAddress.Parse("172.23.24.100"),
        PrimaryDns = IPAddress.Parse("10.0.0.53"),
        SecondaryDns = IPAddress.Parse("10.0.1.53"),
    };

    private readonly RecordingOutput _output = new();

    private IpcpProtocol StartedServer(IpcpOptions? options = null)
    {
        var ipcp = new IpcpProtocol(_output, options ?? ServerOptions);
        ipcp.Up(0);
        ipcp.Open(0);
        return ipcp;
    }

    [Fact]
    public void ServerRequestsOnlyItsOwnAddress()
    {
        StartedServer();

        // test-vectors.md §7 (captured IPCP Configure-Request 172.23.24.14).
        Assert.Equal(PppProtocol.Ipcp, _output.Sent[0].Protocol);
        Assert.Equal("0101000a0306ac17180e", Hex.Format(_output.Last));
    }

    [Fact]
    public void NaksWindowsRequestWithAssignedAddressAndDnsThenAcks()
    {
        IpcpProtocol ipcp = StartedServer();

        // ppp.md §11: Windows asks for 0.0.0.0 and both DNS servers.
        ipcp.Receive(Hex.Parse("01 05 00 16 03 06 00 00 00 00 81 06 00 00 00 00 83 06 00 00 00 00"), 0);
        Assert.Equal("03050016" + "0306ac171864" + "81060a000035" + "83060a000135", Hex.Format(_output.Last));

        byte[] again = Hex.Parse("01 06 00 16 03 06 AC 17 18 64 81 06 0A 00 00 35 83 06 0A 00 01 35");
        ipcp.Receive(again, 0);
        Assert.Equal("02" + Hex.Format(again.AsSpan(1)), Hex.Format(_output.Last));

        ipcp.Receive(Hex.Parse("02 01 00 0A 03 06 AC 17 18 0E"), 0);
        Assert.Equal(PppState.Opened, ipcp.State);
        Assert.Equal(IPAddress.Parse("172.23.24.14"), ipcp.LocalAddress);
        Assert.Equal(IPAddress.Parse("172.23.24.100"), ipcp.PeerAddress);
        Assert.Equal(IPAddress.Parse("10.0.0.53"), ipcp.PrimaryDnsAddress);
        Assert.Equal(IPAddress.Parse("10.0.1.53"), ipcp.SecondaryDnsAddress);
    }

    [Fact]
    public void RejectsDnsAndNbnsWhenNoneConfigured()
    {
        IpcpProtocol ipcp = StartedServer(new IpcpOptions { LocalAddress = IPAddress.Parse("10.1.0.1"), PeerAddress = IPAddress.Parse("10.1.0.2") });

        ipcp.Receive(Hex.Parse("01 05 00 1C 03 06 00 00 00 00 81 06 00 00 00 00 82 06 00 00 00 00 83 06 00 00 00 00"), 0);

        Assert.Equal("04050016" + "810600000000" + "820600000000" + "830600000000", Hex.Format(_output.Last));
    }

    [Fact]
    public void NaksNbnsWithConfiguredValues()
    {
        IpcpProtocol ipcp = StartedServer(new IpcpOptions
        {
            PeerAddress = IPAddress.Parse("10.1.0.2"),
            PrimaryNbns = IPAddress.Parse("10.9.9.1"),
            SecondaryNbns = IPAddress.Parse("10.9.9.2"),
        });

        ipcp.Receive(Hex.Parse("01 05 00 16 03 06 0A 01 00 02 82 06 00 00 00 00 84 06 00 00 00 00"), 0);

        Assert.Equal("03050010" + "82060a090901" + "84060a090902", Hex.Format(_output.Last));
    }

    [Theory]
    [InlineData("02 06 00 2D 0F 01")]
    [InlineData("01 0A 00 00 00 00 00 00 00 00")]
    [InlineData("90 03 00")]
    [InlineData("03 04 00 00")]
    public void RejectsCompressionIpAddressesUnknownAndMalformed(string option)
    {
        IpcpProtocol ipcp = StartedServer();
        byte[] options = Hex.Parse(option);
        byte[] request = new byte[4 + 6 + options.Length];
        PppControlPacket.Write(request, 1, 9, [.. Hex.Parse("03 06 AC 17 18 64"), .. options]);

        ipcp.Receive(request, 0);

        Assert.Equal("0409" + (4 + options.Length).ToString("x4", System.Globalization.CultureInfo.InvariantCulture) + Hex.Format(options), Hex.Format(_output.Last));
    }

    [Fact]
    public void NaksAClientThatOmitsTheAddress()
    {
        IpcpProtocol ipcp = StartedServer();

        ipcp.Receive(Hex.Parse("01 02 00 04"), 0);

        Assert.Equal("0302000a0306ac171864", Hex.Format(_output.Last));
    }

    [Fact]
    public void RejectsTheAddressWhenNothingIsAssigned()
    {
        IpcpProtocol ipcp = StartedServer(new IpcpOptions { LocalAddress = IPAddress.Parse("10.1.0.1") });

        ipcp.Receive(Hex.Parse("01 02 00 0A 03 06 00 00 00 00"), 0);

        Assert.Equal("0402000a030600000000", Hex.Format(_output.Last));
    }

    [Fact]
    public void ClientRequestsZeroAndDnsAndRejectsDnsInTheServersRequest()
    {
        var ipcp = new IpcpProtocol(_output, new IpcpOptions { Role = PppRole.Client, RequestDns = true });
        ipcp.Up(0);
        ipcp.Open(0);
        Assert.Equal("01010016030600000000810600000000830600000000", Hex.Format(_output.Last));

        ipcp.Receive(Hex.Parse("01 07 00 10 03 06 0A 01 00 01 81 06 08 08 08 08"), 0);

        Assert.Equal("0407000a" + "810608080808", Hex.Format(_output.Last));
    }

    [Fact]
    public void ServerAndClientNegotiateAddressesAndDns()
    {
        var loop = new PppLoop();
        var server = new IpcpProtocol(loop.AtoB, ServerOptions);
        var client = new IpcpProtocol(loop.BtoA, new IpcpOptions { Role = PppRole.Client, RequestDns = true });
        loop.A = server;
        loop.B = client;

        server.Up(0);
        server.Open(0);
        client.Up(0);
        client.Open(0);
        loop.Pump(0);

        Assert.Equal(PppState.Opened, server.State);
        Assert.Equal(PppState.Opened, client.State);
        Assert.Equal(IPAddress.Parse("172.23.24.100"), client.LocalAddress);
        Assert.Equal(IPAddress.Parse("172.23.24.14"), client.PeerAddress);
        Assert.Equal(IPAddress.Parse("10.0.0.53"), client.PrimaryDnsAddress);
        Assert.Equal(IPAddress.Parse("10.0.1.53"), client.SecondaryDnsAddress);
        Assert.Equal(IPAddress.Parse("172.23.24.100"), server.PeerAddress);
        Assert.Equal(IPAddress.Parse("172.23.24.14"), server.LocalAddress);
    }

    [Fact]
    public void ClientWithoutDnsStillGetsAnAddressFromAServerWithoutDns()
    {
        var loop = new PppLoop();
        var server = new IpcpProtocol(loop.AtoB, new IpcpOptions { LocalAddress = IPAddress.Parse("10.1.0.1"), PeerAddress = IPAddress.Parse("10.1.0.7") });
        var client = new IpcpProtocol(loop.BtoA, new IpcpOptions { Role = PppRole.Client, RequestDns = true, LocalAddress = IPAddress.Parse("10.1.0.99") });
        loop.A = server;
        loop.B = client;

        client.Up(0);
        client.Open(0);
        server.Up(0);
        server.Open(0);
        loop.Pump(0);

        Assert.Equal(PppState.Opened, client.State);
        Assert.Equal(IPAddress.Parse("10.1.0.7"), client.LocalAddress);
        Assert.Null(client.PrimaryDnsAddress);
    }
}
