using SstpFarm.ControlPlane.TicketKeys;
using SstpFarm.ControlPlane.Tests.Common;

namespace SstpFarm.ControlPlane.Tests.Contracts;

/// <summary>What every ITicketKeyRing must do (run against each implementation).</summary>
public abstract class TicketKeyRingContractTests
{
    private protected readonly ManualTimeProvider _time = new();

    protected abstract ITicketKeyRing CreateRing(TimeProvider time, TimeSpan rotationInterval);

    private static (long Id, string Material) Of(TicketKey key) => (key.Id, key.ToBase64());

    [Fact]
    public async Task StartsWithThreeDistinctKeys()
    {
        var ring = CreateRing(_time, TimeSpan.FromHours(1));
        TicketKeySet keys = await ring.GetKeysAsync();
        string[] material = keys.InHaproxyOrder().Select(k => k.ToBase64()).ToArray();
        Assert.Equal(3, material.Distinct().Count());
        Assert.All(keys.InHaproxyOrder(), k => Assert.Equal(TicketKey.Length, k.Material.Length));
        Assert.Equal(TicketKey.Length, Convert.FromBase64String(material[0]).Length);
        Assert.Equal(Of(keys.Current), Of(keys.InHaproxyOrder()[1])); // HAProxy encrypts with the middle key
    }

    [Fact]
    public async Task RotationShiftsTheKeysOnSchedule()
    {
        var ring = CreateRing(_time, TimeSpan.FromHours(1));
        TicketKeySet before = await ring.GetKeysAsync();

        _time.Advance(TimeSpan.FromMinutes(59));
        Assert.Equal(TicketKeyRotationStatus.NotDue, (await ring.RotateIfDueAsync()).Status);
        _time.Advance(TimeSpan.FromMinutes(1));
        TicketKeyRotationResult rotated = await ring.RotateIfDueAsync();
        Assert.Equal(TicketKeyRotationStatus.Rotated, rotated.Status);

        TicketKeySet after = rotated.Keys!;
        Assert.Equal(Of(before.Current), Of(after.Previous));
        Assert.Equal(Of(before.Next), Of(after.Current));
        Assert.DoesNotContain(after.Next.Id, new[] { before.Previous.Id, before.Current.Id, before.Next.Id });
        Assert.Equal(before.Version + 1, after.Version);
        Assert.Equal(_time.GetUtcNow() + TimeSpan.FromHours(1), after.NextRotationAt);
        Assert.Equal(TicketKeyRotationStatus.NotDue, (await ring.RotateIfDueAsync()).Status);
        Assert.Equal(TicketKeyRotationStatus.Rotated, (await ring.RotateAsync()).Status);
    }

    [Fact]
    public async Task KeyMaterialStaysOutOfToString()
    {
        var ring = CreateRing(_time, TimeSpan.FromHours(1));
        TicketKeySet keys = await ring.GetKeysAsync();
        Assert.DoesNotContain(keys.Current.ToBase64(), keys.ToString(), StringComparison.Ordinal);
        Assert.Contains("redacted", keys.Current.ToString(), StringComparison.Ordinal);
    }
}
