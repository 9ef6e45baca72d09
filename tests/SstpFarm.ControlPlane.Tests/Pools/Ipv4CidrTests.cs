using System.Net;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Tests.Contracts;

namespace SstpFarm.ControlPlane.Tests.Pools;

public sealed class Ipv4CidrTests
{
    [Theory]
    [InlineData("10.0.0.0/24", "10.0.0.1", "10.0.0.254")]
    [InlineData("192.168.7.8/31", "192.168.7.8", "192.168.7.9")] // RFC 3021: both usable
    [InlineData("172.16.5.5/32", "172.16.5.5", "172.16.5.5")]
    [InlineData("10.0.0.0/8", "10.0.0.1", "10.255.255.254")]
    public void ParsesAndComputesTheUsableRange(string text, string first, string last)
    {
        Assert.True(Ipv4Cidr.TryParse(text, out Ipv4Cidr cidr, out _));
        Assert.Equal(text, cidr.ToString());
        Assert.Equal(IPAddress.Parse(first), Ipv4.ToAddress(cidr.UsableRange.First));
        Assert.Equal(IPAddress.Parse(last), Ipv4.ToAddress(cidr.UsableRange.Last));
    }

    [Theory]
    [InlineData("10.0.0.0/33", "is not a CIDR: prefix length must be 0..32")]
    [InlineData("10.0.0.0/-1", "is not a CIDR: prefix length must be 0..32")]
    [InlineData("10.0.0.0/", "is not a CIDR: prefix length must be 0..32")]
    [InlineData("10.0.0.0", "is not a CIDR: missing '/prefix-length' (e.g. 10.0.0.0/24)")]
    [InlineData("10.0.0/24", "is not a CIDR: '10.0.0' is not an IPv4 address")]
    [InlineData("10.0.0.256/24", "is not a CIDR: '10.0.0.256' is not an IPv4 address")]
    [InlineData("10.0.0.1/24", "is not a CIDR: host bits are set (did you mean 10.0.0.0/24?)")]
    [InlineData("", "is empty")]
    public void RejectsWithAReason(string text, string reason)
    {
        Assert.False(Ipv4Cidr.TryParse(text, out _, out string error));
        Assert.Equal(reason, error);
    }

    [Theory]
    [InlineData("10.1")]
    [InlineData("167772161")]
    [InlineData("1.2.3.4.5")]
    [InlineData("1.2.3.")]
    [InlineData("1.2.3.1000")]
    [InlineData(" 1.2.3.4")]
    [InlineData("::1")]
    public void StrictAddressParserRejectsShortForms(string text) => Assert.False(Ipv4.TryParse(text, out uint _));

    [Fact]
    public void OverlapAndContainment()
    {
        Ipv4Cidr big = IpPoolContractTests.Cidr("10.0.0.0/16");
        Ipv4Cidr inside = IpPoolContractTests.Cidr("10.0.4.0/24");
        Ipv4Cidr outside = IpPoolContractTests.Cidr("10.1.0.0/24");
        Assert.True(big.Overlaps(inside));
        Assert.True(inside.Overlaps(big));
        Assert.False(big.Overlaps(outside));
        Assert.True(big.Contains(IPAddress.Parse("10.0.255.255")));
        Assert.False(big.Contains(IPAddress.Parse("10.1.0.0")));
    }
}
