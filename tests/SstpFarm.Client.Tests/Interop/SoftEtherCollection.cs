namespace SstpFarm.Client.Tests.Interop;

/// <summary>All interop tests share one SoftEther instance and run one after the other.</summary>
[CollectionDefinition(Name)]
public sealed class SoftEtherCollection : ICollectionFixture<SoftEtherServer>
{
    public const string Name = "SoftEther";
}
