using System.Buffers;

namespace SstpFarm.Protocol.Auth.MsChapV2;

/// <summary>The 49-byte Value of an MS-CHAPv2 Response packet (RFC 2759 §4). Spans point into the parsed value.</summary>
public readonly ref struct MsChapV2ResponseValue
{
    public const int Size = 49;

    private const int ReservedSize = 8;
    private const int NtResponseOffset = MsChapV2Algorithms.ChallengeSize + ReservedSize;
    private const int FlagsOffset = NtResponseOffset + MsChapV2Algorithms.NtResponseSize;

    public MsChapV2ResponseValue(ReadOnlySpan<byte> peerChallenge, ReadOnlySpan<byte> ntResponse, byte flags)
    {
        PeerChallenge = peerChallenge;
        NtResponse = ntResponse;
        Flags = flags;
    }

    public ReadOnlySpan<byte> PeerChallenge { get; }

    public ReadOnlySpan<byte> NtResponse { get; }

    public byte Flags { get; }

    // RFC 2759 §4:
    // +----------------------+-----------------+-------------------+-------+
    // | Peer-Challenge (16)  | Reserved (8, 0) | NT-Response (24)  | Flags |
    // +----------------------+-----------------+-------------------+-------+
    // Reserved and Flags "MUST be zero"; like pppd, a non-zero value is tolerated.
    public static OperationStatus TryParse(ReadOnlySpan<byte> value, out MsChapV2ResponseValue result) // RFC 2759 §4
    {
        result = default;
        if (value.Length != Size)
        {
            return OperationStatus.InvalidData;
        }

        result = new MsChapV2ResponseValue(
            value[..MsChapV2Algorithms.ChallengeSize],
            value.Slice(NtResponseOffset, MsChapV2Algorithms.NtResponseSize),
            value[FlagsOffset]);
        return OperationStatus.Done;
    }

    /// <summary>Writes the 49-byte value with zero Reserved and Flags; returns 49.</summary>
    public static int Write(Span<byte> destination, ReadOnlySpan<byte> peerChallenge, ReadOnlySpan<byte> ntResponse)
    {
        Span<byte> value = destination[..Size];
        value.Clear();
        peerChallenge[..MsChapV2Algorithms.ChallengeSize].CopyTo(value);
        ntResponse[..MsChapV2Algorithms.NtResponseSize].CopyTo(value[NtResponseOffset..]);
        return Size;
    }
}
