namespace SstpFarm.Protocol.Auth.MsChapV2;

/// <summary>A parsed MS-CHAPv2 Failure message (RFC 2759 §6). Spans point into the parsed message.</summary>
public readonly ref struct MsChapV2Failure
{
    public MsChapV2Failure(int errorCode, bool retry, ReadOnlySpan<byte> challengeHex, int version, ReadOnlySpan<byte> text)
    {
        ErrorCode = errorCode;
        Retry = retry;
        ChallengeHex = challengeHex;
        Version = version;
        Text = text;
    }

    /// <summary>The E= value; usually one of <see cref="MsChapV2ErrorCode"/>.</summary>
    public int ErrorCode { get; }

    /// <summary>R=1: the server allows another attempt.</summary>
    public bool Retry { get; }

    /// <summary>The 32 hex digits of C=, or empty when the server left it out.</summary>
    public ReadOnlySpan<byte> ChallengeHex { get; }

    /// <summary>The V= value, 0 when absent.</summary>
    public int Version { get; }

    public ReadOnlySpan<byte> Text { get; }

    /// <summary>Decodes C= into 16 bytes; false when it was absent.</summary>
    public bool TryGetChallenge(Span<byte> destination) =>
        !ChallengeHex.IsEmpty && AsciiHex.TryDecode(ChallengeHex, destination);
}
