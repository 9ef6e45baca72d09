using SstpFarm.Balancer.Tests.Infrastructure;
using SstpFarm.ControlPlane.Nodes;
using SstpFarm.DataPlane.Balancer;

namespace SstpFarm.Balancer.Tests;

/// <summary>
/// The shipped haproxy-tcp.cfg in front of three nodes whose real agents follow their node directory:
/// drain, weight and ready reach HAProxy and decide where new connections land.
/// </summary>
public sealed class AgentCheckThroughHaproxyTests
{
    [Fact]
    public async Task Drain_stops_new_connections_weight_follows_load_and_ready_restores()
    {
        await using TcpFarm farm = await TcpFarm.StartAsync();
        await farm.WaitForAsync(s => s.Values.All(n => n.IsRunning && !n.IsDraining && !n.IsInMaintenance && n.Weight == 100), "all three nodes up at full weight");

        // leastconn spreads held connections over every node.
        List<Client> first = await Client.ConnectManyAsync(farm.Port, 9);
        Assert.Equal(["node1", "node2", "node3"], first.Select(c => c.Node).Distinct().Order());

        // Drain node2 in its directory: its agent answers "drain" and HAProxy sends it nothing new.
        await farm["node2"].Directory.SetAdminStateAsync("node2", NodeAdminState.Draining);
        await farm.WaitForAsync(s => s["node2"].IsDraining, "node2 draining");
        int node2Before = farm["node2"].Backend.ClientConnections;
        List<Client> second = await Client.ConnectManyAsync(farm.Port, 9);
        Assert.DoesNotContain("node2", second.Select(c => c.Node));
        Assert.Equal(node2Before, farm["node2"].Backend.ClientConnections);
        Assert.False((await farm.Lb.ServersAsync("sstp_nodes"))["node1"].IsDraining);

        // Sessions already on node2 keep running.
        foreach (Client c in first.Where(c => c.Node == "node2"))
        {
            Assert.Equal("still here", await c.EchoAsync("still here"));
        }

        // Load becomes weight: 3 of 4 sessions on node1 -> 25%.
        farm["node1"].Sessions = 3;
        await farm.WaitForAsync(s => s["node1"].Weight == 25, "node1 at weight 25");

        // Active again: the agent says "up ready 100%", and `ready` leaves DRAIN.
        await farm["node2"].Directory.SetAdminStateAsync("node2", NodeAdminState.Active);
        await farm.WaitForAsync(s => !s["node2"].IsDraining && s["node2"].Weight == 100, "node2 ready at full weight");
        List<Client> third = await Client.ConnectManyAsync(farm.Port, 6);
        Assert.Contains("node2", third.Select(c => c.Node));

        foreach (Client c in first.Concat(second).Concat(third))
        {
            c.Dispose();
        }
    }

    [Fact]
    public async Task Maint_from_a_local_override_takes_a_node_out_and_ready_brings_it_back()
    {
        await using TcpFarm farm = await TcpFarm.StartAsync();
        await farm.WaitForAsync(s => s.Values.All(n => n.IsRunning && n.Weight == 100), "all three nodes up");

        farm["node3"].Provider.LocalOverride = AgentCheckState.Maint;
        await farm.WaitForAsync(s => s["node3"].IsInMaintenance, "node3 in maintenance");
        List<Client> clients = await Client.ConnectManyAsync(farm.Port, 6);
        Assert.DoesNotContain("node3", clients.Select(c => c.Node));

        farm["node3"].Provider.LocalOverride = null;
        await farm.WaitForAsync(s => !s["node3"].IsInMaintenance && s["node3"].IsRunning, "node3 back");
        foreach (Client c in clients)
        {
            c.Dispose();
        }
    }
}
