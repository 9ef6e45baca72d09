using SstpFarm.ControlPlane.Nodes;
using SstpFarm.ControlPlane.Tests.Common;

namespace SstpFarm.ControlPlane.Tests.Contracts;

/// <summary>What every INodeDirectory must do (run against each implementation).</summary>
public abstract class NodeDirectoryContractTests
{
    private protected readonly ManualTimeProvider _time = new();

    protected abstract INodeDirectory CreateDirectory(string localNodeId, TimeProvider time, TimeSpan timeToLive);

    [Fact]
    public async Task HeartbeatsKeepTheNodeAliveAndSilenceMakesItDead()
    {
        var directory = CreateDirectory("n1", _time, TimeSpan.FromSeconds(15));
        Assert.Equal(NodeDirectoryStatus.Done, await directory.HeartbeatAsync(new NodeHeartbeat(0, 0, "1.0")));
        Assert.Equal(NodeHealth.Alive, (await directory.GetAsync("n1"))!.Health);

        _time.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(NodeDirectoryStatus.Done, await directory.HeartbeatAsync(new NodeHeartbeat(3, 0.25, "1.0")));
        _time.Advance(TimeSpan.FromSeconds(15));
        NodeInfo node = (await directory.GetAsync("n1"))!;
        Assert.Equal(NodeHealth.Alive, node.Health);
        Assert.Equal((3, 0.25, "1.0"), (node.SessionCount, node.Load, node.Version));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(NodeHealth.Dead, (await directory.GetAsync("n1"))!.Health);
    }

    [Fact]
    public async Task DrainAndReactivateWithAVersionThatMovesOnEveryChange()
    {
        var directory = CreateDirectory("n1", _time, TimeSpan.FromSeconds(15));
        await directory.HeartbeatAsync(new NodeHeartbeat(0, 0, "1.0"));
        long before = (await directory.GetSnapshotAsync()).Version;

        Assert.Equal(NodeDirectoryStatus.Done, await directory.SetAdminStateAsync("n1", NodeAdminState.Draining));
        NodeDirectorySnapshot drained = await directory.GetSnapshotAsync();
        Assert.Equal(NodeAdminState.Draining, Assert.Single(drained.Nodes).AdminState);
        Assert.True(drained.Version > before);

        await directory.SetAdminStateAsync("n1", NodeAdminState.Active);
        Assert.Equal(NodeAdminState.Active, (await directory.GetAsync("n1"))!.AdminState);
    }

    [Fact]
    public async Task NodesThatNeverReportedAreUnknown()
    {
        var directory = CreateDirectory("n1", _time, TimeSpan.FromSeconds(15));
        await directory.HeartbeatAsync(new NodeHeartbeat(0, 0, "1.0"));
        Assert.Equal(NodeDirectoryStatus.NotFound, await directory.SetAdminStateAsync("n2", NodeAdminState.Draining));
        Assert.Null(await directory.GetAsync("n2"));
        Assert.Equal("n1", directory.LocalNodeId);
    }
}
