using System.Net;
using System.Net.Sockets;
using FsCheck;
using FsCheck.Fluent;
using SstpFarm.DataPlane.Balancer;

namespace SstpFarm.Balancer.Tests;

public sealed class HaproxyRuntimeEndpointTests
{
    [Theory]
    [InlineData("unix:/run/haproxy/admin.sock", "/run/haproxy/admin.sock")]
    [InlineData("/run/haproxy/admin.sock", "/run/haproxy/admin.sock")]
    public void Unix_forms(string text, string path)
    {
        HaproxyRuntimeEndpoint endpoint = HaproxyRuntimeEndpoint.Parse(text);
        Assert.Equal(path, Assert.IsType<UnixDomainSocketEndPoint>(endpoint.EndPoint).ToString());
        Assert.Equal("unix:" + path, endpoint.Text);
    }

    [Theory]
    [InlineData("tcp:10.0.0.5:9999", "10.0.0.5", 9999)]
    [InlineData("127.0.0.1:9999", "127.0.0.1", 9999)]
    [InlineData("[::1]:9999", "::1", 9999)]
    public void Ip_forms(string text, string address, int port)
    {
        var ip = Assert.IsType<IPEndPoint>(HaproxyRuntimeEndpoint.Parse(text).EndPoint);
        Assert.Equal(IPAddress.Parse(address), ip.Address);
        Assert.Equal(port, ip.Port);
    }

    [Fact]
    public void Host_name_form()
    {
        var dns = Assert.IsType<DnsEndPoint>(HaproxyRuntimeEndpoint.Parse("tcp:lb1.example:9999").EndPoint);
        Assert.Equal(("lb1.example", 9999), (dns.Host, dns.Port));
    }

    [Theory]
    [InlineData("")]
    [InlineData(" /x")]
    [InlineData("unix:relative/path")]
    [InlineData("10.0.0.5")]
    [InlineData("10.0.0.5:0")]
    [InlineData("10.0.0.5:70000")]
    [InlineData("::1:9999")]
    [InlineData("host:")]
    [InlineData(":9999")]
    [InlineData("bad host:9999")]
    public void Rejects(string text)
    {
        Assert.False(HaproxyRuntimeEndpoint.TryParse(text, out _));
        Assert.Throws<FormatException>(() => HaproxyRuntimeEndpoint.Parse(text));
    }

    [Fact]
    public void Any_text_parses_or_is_refused_without_exception() =>
        Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            bool ok = HaproxyRuntimeEndpoint.TryParse(text, out HaproxyRuntimeEndpoint? endpoint);
            return ok == endpoint is not null;
        }).QuickCheckThrowOnFailure();
}
