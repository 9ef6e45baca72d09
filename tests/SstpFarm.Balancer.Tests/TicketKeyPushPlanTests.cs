using FsCheck;
using FsCheck.Fluent;
using SstpFarm.DataPlane.Balancer;

namespace SstpFarm.Balancer.Tests;

public sealed class TicketKeyPushPlanTests
{
    [Fact]
    public void Equal_keys_need_nothing() =>
        Assert.Equal(3, TicketKeyPushPlan.FirstKeyToPush(["a", "b", "c"], ["a", "b", "c"]));

    [Fact]
    public void One_rotation_needs_only_the_new_key() =>
        Assert.Equal(2, TicketKeyPushPlan.FirstKeyToPush(["a", "b", "c"], ["b", "c", "d"]));

    [Fact]
    public void Two_rotations_need_two_keys() =>
        Assert.Equal(1, TicketKeyPushPlan.FirstKeyToPush(["a", "b", "c"], ["c", "d", "e"]));

    [Fact]
    public void Unrelated_keys_need_all() =>
        Assert.Equal(0, TicketKeyPushPlan.FirstKeyToPush(["x", "y", "z"], ["a", "b", "c"]));

    [Fact]
    public void A_different_count_needs_all() =>
        Assert.Equal(0, TicketKeyPushPlan.FirstKeyToPush(["b", "c"], ["a", "b", "c"]));

    // HAProxy's `set ssl tls-key`: drop the oldest, append the new one.
    [Fact]
    public void The_plan_reaches_the_wanted_keys_with_the_fewest_pushes()
    {
        Gen<string[]> ring = Gen.ArrayOf(Gen.Elements("a", "b", "c", "d"), 3);
        Prop.ForAll(Arb.From(ring), Arb.From(ring), (installed, wanted) =>
        {
            int first = TicketKeyPushPlan.FirstKeyToPush(installed, wanted);
            bool reaches = Push(installed, wanted[first..]).SequenceEqual(wanted);
            bool fewest = Enumerable.Range(first + 1, wanted.Length - first).All(later => !Push(installed, wanted[later..]).SequenceEqual(wanted));
            return reaches && fewest;
        }).QuickCheckThrowOnFailure();
    }

    private static string[] Push(string[] installed, string[] keys)
    {
        var ring = new List<string>(installed);
        foreach (string key in keys)
        {
            ring.RemoveAt(0);
            ring.Add(key);
        }

        return [.. ring];
    }
}
