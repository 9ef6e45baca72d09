namespace SstpFarm.ControlPlane.Redis.Pools;

/// <summary>
/// A block this node owns. <see cref="Token"/> ("node|epoch") is the fencing token of the claim:
/// every lease write for the block is accepted only while Redis still shows that exact token.
/// </summary>
internal sealed class HeldBlock(int index, string token)
{
    public int Index { get; } = index;

    public string Token { get; } = token;

    /// <summary>Fresh addresses only this node may hand out, lowest first.</summary>
    public SortedSet<uint> Free { get; } = [];

    /// <summary>False until the claim is replicated and the block's taken addresses are known.</summary>
    public bool Loaded { get; set; }
}
