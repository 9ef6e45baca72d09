namespace SstpFarm.Protocol.Ppp;

/// <summary>One decoded PPP frame: the protocol number and the Information field (a view into the input).</summary>
public readonly ref struct PppFrame
{
    public PppFrame(ushort protocol, ReadOnlySpan<byte> information, int headerLength)
    {
        Protocol = protocol;
        Information = information;
        HeaderLength = headerLength;
    }

    public ushort Protocol { get; }

    /// <summary>Information plus any padding: PPP over SSTP carries no length, so padding stays in.</summary>
    public ReadOnlySpan<byte> Information { get; }

    /// <summary>Bytes before the Information field: 1 to 4 depending on ACFC/PFC.</summary>
    public int HeaderLength { get; }
}
