using SstpFarm.ControlPlane.InMemory;
using SstpFarm.ControlPlane.Nodes;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Sessions;
using SstpFarm.ControlPlane.Tests.Contracts;
using SstpFarm.ControlPlane.TicketKeys;

namespace SstpFarm.ControlPlane.Tests.InMemory;

// The shared contracts (Contracts/), run against the single-node implementations.

public sealed class InMemoryIpPoolTests : IpPoolContractTests
{
    protected override IIpPool CreatePool(IpPoolDefinition definition, TimeProvider time) => new InMemoryIpPool(definition, time);
}

public sealed class InMemoryNodeDirectoryTests : NodeDirectoryContractTests
{
    protected override INodeDirectory CreateDirectory(string localNodeId, TimeProvider time, TimeSpan timeToLive) => new InMemoryNodeDirectory(localNodeId, time, timeToLive);
}

public sealed class InMemorySessionRegistryTests : SessionRegistryContractTests
{
    protected override ISessionRegistry CreateRegistry(TimeProvider time) => new InMemorySessionRegistry(time);
}

public sealed class InMemoryTicketKeyRingTests : TicketKeyRingContractTests
{
    protected override ITicketKeyRing CreateRing(TimeProvider time, TimeSpan rotationInterval) => new InMemoryTicketKeyRing(time, rotationInterval);
}
