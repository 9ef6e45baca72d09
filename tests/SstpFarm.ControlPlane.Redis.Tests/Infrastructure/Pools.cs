using SstpFarm.ControlPlane.Pools;

namespace SstpFarm.ControlPlane.Redis.Tests.Infrastructure;

internal static class Pools
{
    public static Ipv4Cidr Cidr(string text) => Ipv4Cidr.TryParse(text, out Ipv4Cidr cidr, out string error) ? cidr : throw new ArgumentException(error);

    public static IpPoolDefinition Definition(string network, string nodeId, TimeSpan? cooldown = null) => new()
    {
        Name = "farm",
        Networks = [Cidr(network)],
        NodeId = nodeId,
        Cooldown = cooldown ?? TimeSpan.Zero,
    };
}
