namespace SstpFarm.Node.Tests;

public sealed class CloseReasonAndSniffTests
{
    [Fact]
    public void CloseReasonsMirrorTheSstpReasons()
    {
        foreach (Protocol.Sstp.Server.SstpCloseReason reason in Enum.GetValues<Protocol.Sstp.Server.SstpCloseReason>())
        {
            var mirrored = (DataPlane.Sessions.ConnectionCloseReason)(int)reason;
            Assert.Equal(reason.ToString(), mirrored.ToString());
        }
    }

    [Theory]
    [InlineData("", "NeedMoreData")]
    [InlineData("P", "NeedMoreData")]
    [InlineData("PROXY", "NeedMoreData")]
    [InlineData("PROXY ", "Present")]
    [InlineData("POST / HTTP/1.1", "Absent")]
    [InlineData("SSTP_DUPLEX_POST", "Absent")]
    [InlineData("\r\n\r\n", "NeedMoreData")]
    [InlineData("\u0016\u0003\u0001", "Absent")]
    public void ProxySniffTellsHeadersFromTlsAndHttp(string start, string expected)
    {
        byte[] bytes = [.. start.Select(c => (byte)c)];
        Assert.Equal(expected, DataPlane.Listener.ConnectionHandshake.Sniff(bytes).ToString());
    }

    [Fact]
    public void ProxySniffRecognisesTheV2Signature()
    {
        Assert.Equal("Present", DataPlane.Listener.ConnectionHandshake.Sniff(Protocol.ProxyProtocol.ProxyProtocolConstants.V2Signature).ToString());
    }
}
