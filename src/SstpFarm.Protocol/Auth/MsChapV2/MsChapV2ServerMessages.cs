using System.Text;
using SstpFarm.Protocol.Common;

namespace SstpFarm.Protocol.Auth.MsChapV2;

/// <summary>The server's Success and Failure texts, shared by the PPP and the EAP authenticator.</summary>
internal static class MsChapV2ServerMessages
{
    public const int MaxLength = 64 + PppAuthOptions.MaxTextBytes;

    /// <summary>"S=… M=&lt;SuccessText&gt;"; returns the length.</summary>
    public static int WriteSuccess(Span<byte> destination, ReadOnlySpan<byte> authenticatorResponse, PppAuthOptions options)
    {
        Span<byte> text = stackalloc byte[PppAuthOptions.MaxTextBytes];
        int textLength = Encoding.UTF8.GetBytes(options.SuccessText, text);
        return MsChapV2SuccessMessage.Format(destination, authenticatorResponse, text[..textLength]);
    }

    /// <summary>
    /// "E=… R=0 C=… V=3 M=&lt;FailureText&gt;". C= is mandatory even with R=0 (interop #33): a fresh
    /// challenge, never the used one. Returns the length.
    /// </summary>
    public static int WriteFailure(Span<byte> destination, MsChapV2ErrorCode error, PppAuthOptions options, IRandomSource random)
    {
        Span<byte> nextChallenge = stackalloc byte[MsChapV2Algorithms.ChallengeSize];
        random.Fill(nextChallenge);
        Span<byte> text = stackalloc byte[PppAuthOptions.MaxTextBytes];
        int textLength = Encoding.UTF8.GetBytes(options.FailureText, text);
        return MsChapV2FailureMessage.Format(destination, error, retry: false, nextChallenge, text[..textLength]);
    }

    public static void CheckAcceptance(ReadOnlySpan<byte> authenticatorResponse, ReadOnlySpan<byte> hlak)
    {
        if (authenticatorResponse.Length != MsChapV2Algorithms.AuthenticatorResponseLength || hlak.Length != SstpHlak.Size)
        {
            throw new ArgumentException("MS-CHAPv2 acceptance needs the 42-byte authenticator response and the 32-byte HLAK.");
        }
    }
}
