using SstpFarm.ControlPlane.Pools;

namespace SstpFarm.Api.Tests;

internal static class TestNetworks
{
    public static Ipv4Cidr Cidr(string text) => Ipv4Cidr.TryParse(text, out Ipv4Cidr cidr, out string reason) ? cidr : throw new ArgumentException(reason, nameof(text));
}
