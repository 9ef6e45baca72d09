using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using SstpFarm.ControlPlane.Nodes;
using SstpFarm.DataPlane.Balancer;

namespace SstpFarm.Balancer.Tests;

public sealed partial class AgentCheckReplyTests
{
    [Theory]
    [InlineData(AgentCheckState.Ready, 75, "up ready 75%\n")]
    [InlineData(AgentCheckState.Ready, 100, "up ready 100%\n")]
    [InlineData(AgentCheckState.Ready, 0, "up ready 1%\n")]
    [InlineData(AgentCheckState.Drain, 75, "drain\n")]
    [InlineData(AgentCheckState.Maint, 75, "maint\n")]
    public void Line_uses_haproxy_words(AgentCheckState state, int weight, string line) =>
        Assert.Equal(line, new AgentCheckReply(state, weight).ToLine());

    [Theory]
    [InlineData(0, 100, 100)]
    [InlineData(25, 100, 75)]
    [InlineData(1, 3, 66)]
    [InlineData(99, 100, 1)]
    [InlineData(100, 100, 1)]
    [InlineData(500, 100, 1)]
    [InlineData(-3, 100, 100)]
    [InlineData(7, 0, 100)]
    public void Weight_is_the_free_share_of_the_session_limit(int sessions, int max, int percent) =>
        Assert.Equal(percent, AgentCheckReply.WeightFor(new NodeLoad(sessions, max)));

    [Fact]
    public void Admin_state_decides_ready_or_drain()
    {
        Assert.Equal(new AgentCheckReply(AgentCheckState.Ready, 50), AgentCheckReply.For(NodeAdminState.Active, new NodeLoad(5, 10)));
        Assert.Equal(AgentCheckState.Drain, AgentCheckReply.For(NodeAdminState.Draining, new NodeLoad(5, 10)).State);
    }

    [Fact]
    public void Weight_stays_between_1_and_100_and_falls_with_load() =>
        Prop.ForAll(ArbMap.Default.ArbFor<int>(), ArbMap.Default.ArbFor<int>(), ArbMap.Default.ArbFor<int>(), (a, b, max) =>
        {
            int low = Math.Min(a, b);
            int high = Math.Max(a, b);
            int wLow = AgentCheckReply.WeightFor(new NodeLoad(low, max));
            int wHigh = AgentCheckReply.WeightFor(new NodeLoad(high, max));
            return wLow is >= 1 and <= 100 && wHigh is >= 1 and <= 100 && wHigh <= wLow;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Every_line_is_one_valid_agent_reply() =>
        Prop.ForAll(Arb.From(Gen.Elements(AgentCheckState.Ready, AgentCheckState.Drain, AgentCheckState.Maint)), ArbMap.Default.ArbFor<int>(), (state, weight) =>
            ReplyLine().IsMatch(new AgentCheckReply(state, weight).ToLine())).QuickCheckThrowOnFailure();

    [GeneratedRegex(@"\A(up ready ([1-9]|[1-9][0-9]|100)%|drain|maint)\n\z")]
    private static partial Regex ReplyLine();
}
