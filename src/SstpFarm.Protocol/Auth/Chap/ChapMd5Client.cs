using System.Security.Cryptography;
using System.Text;
using SstpFarm.Protocol.Ppp;

namespace SstpFarm.Protocol.Auth.Chap;

/// <summary>CHAP-MD5 peer (RFC 1994): answers MD5(Identifier ‖ secret ‖ Challenge). HLAK: 32 zeros.</summary>
public sealed class ChapMd5Client : ChapClientBase
{
    private readonly byte[] secret;

    public ChapMd5Client(IPppOutput output, IAuthOutcomeListener listener, PppAuthOptions options, string userName, string secret)
        : base(AuthMethod.ChapMd5, output, listener, options, userName)
    {
        ArgumentNullException.ThrowIfNull(secret);
        this.secret = Encoding.UTF8.GetBytes(secret);
    }

    private protected override int ComputeResponseValue(byte identifier, ReadOnlySpan<byte> challenge, Span<byte> value)
    {
        ChapMd5.ComputeResponse(identifier, secret, challenge, value);
        return ChapMd5.ResponseSize;
    }

    private protected override void OnSuccess(ReadOnlySpan<byte> message)
    {
        CryptographicOperations.ZeroMemory(secret);
        Finish(AuthResult.SuccessWithoutKeys(Method, UserName), default);
    }
}
