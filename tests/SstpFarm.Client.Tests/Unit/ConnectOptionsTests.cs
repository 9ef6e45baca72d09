using SstpFarm.Protocol.Ppp.Lcp;

namespace SstpFarm.Client.Tests.Unit;

public sealed class ConnectOptionsTests
{
    [Theory]
    [InlineData("https://vpn.example.com", "vpn.example.com", 443)]
    [InlineData("https://vpn.example.com:4443/", "vpn.example.com", 4443)]
    [InlineData("sstp://10.0.0.1", "10.0.0.1", 443)]
    public void TheUrlGivesHostAndPort(string url, string host, int port)
    {
        var options = new SstpConnectOptions { Server = new Uri(url), UserName = "u", Password = "p" };
        options.Validate();
        Assert.Equal(host, options.EffectiveHost);
        Assert.Equal(port, options.EffectivePort);
        Assert.Equal("name", new SstpConnectOptions { Server = new Uri(url), UserName = "u", Password = "p", TargetHost = "name" }.EffectiveHost);
    }

    [Fact]
    public void UnusableSettingsAreRejected()
    {
        var uri = new Uri("https://vpn.example.com");
        Assert.Throws<ArgumentException>(() => new SstpConnectOptions { Server = new Uri("http://vpn.example.com"), UserName = "u", Password = "p" }.Validate());
        Assert.Throws<ArgumentException>(() => new SstpConnectOptions { Server = uri, UserName = string.Empty, Password = "p" }.Validate());
        Assert.Throws<ArgumentException>(() => new SstpConnectOptions { Server = uri, UserName = "u", Password = "p", PinnedCertificateSha256 = new byte[20] }.Validate());
        Assert.Throws<ArgumentException>(() => new SstpConnectOptions { Server = uri, UserName = "u", Password = "p", AuthMethods = [] }.Validate());
        Assert.Throws<ArgumentException>(() => new SstpConnectOptions { Server = uri, UserName = "u", Password = "p", AuthMethods = [LcpAuthMethod.None] }.Validate());
        Assert.Throws<ArgumentOutOfRangeException>(() => new SstpConnectOptions { Server = uri, UserName = "u", Password = "p", SendQueueCapacity = 0 }.Validate());
    }

    [Fact]
    public void EapIsOptIn() => Assert.DoesNotContain(LcpAuthMethod.Eap, SstpConnectOptions.DefaultAuthMethods);
}
