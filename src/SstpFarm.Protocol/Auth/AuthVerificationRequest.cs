using System.Text;

namespace SstpFarm.Protocol.Auth;

/// <summary>
/// The credentials a peer presented, raised by a server-side authenticator for a verifier
/// (local user store or RADIUS). Holds copies, so it outlives the packet.
/// </summary>
public abstract class AuthVerificationRequest
{
    private readonly byte[] rawUserName;

    private protected AuthVerificationRequest(AuthMethod method, ReadOnlySpan<byte> rawUserName)
    {
        Method = method;
        this.rawUserName = rawUserName.ToArray();
        UserName = Encoding.UTF8.GetString(rawUserName);
    }

    public AuthMethod Method { get; }

    /// <summary>The name as sent (PAP Peer-ID or CHAP Name, a <c>DOMAIN\</c> prefix kept), decoded as UTF-8.</summary>
    public string UserName { get; }

    /// <summary>The name bytes as sent; RADIUS User-Name carries these.</summary>
    public ReadOnlySpan<byte> RawUserName => rawUserName;
}

/// <summary>PAP credentials (RFC 1334 §2.2.1): the clear-text password.</summary>
public sealed class PapVerificationRequest : AuthVerificationRequest
{
    private readonly byte[] password;

    internal PapVerificationRequest(ReadOnlySpan<byte> peerId, ReadOnlySpan<byte> password)
        : base(AuthMethod.Pap, peerId)
    {
        this.password = password.ToArray();
    }

    public ReadOnlySpan<byte> Password => password;
}

/// <summary>CHAP-MD5 proof (RFC 1994 §4.1): identifier, challenge and the 16-byte response (RADIUS CHAP-Password/CHAP-Challenge).</summary>
public sealed class ChapMd5VerificationRequest : AuthVerificationRequest
{
    private readonly byte[] challenge;
    private readonly byte[] response;

    internal ChapMd5VerificationRequest(ReadOnlySpan<byte> name, byte identifier, ReadOnlySpan<byte> challenge, ReadOnlySpan<byte> response)
        : base(AuthMethod.ChapMd5, name)
    {
        Identifier = identifier;
        this.challenge = challenge.ToArray();
        this.response = response.ToArray();
    }

    public byte Identifier { get; }

    public ReadOnlySpan<byte> Challenge => challenge;

    public ReadOnlySpan<byte> Response => response;
}

/// <summary>
/// MS-CHAPv2 proof (RFC 2759 §4): what RADIUS sends as MS-CHAP-Challenge and MS-CHAP2-Response
/// (RFC 2548 §2.3.2).
/// </summary>
public sealed class MsChapV2VerificationRequest : AuthVerificationRequest
{
    private readonly byte[] authenticatorChallenge;
    private readonly byte[] peerChallenge;
    private readonly byte[] ntResponse;

    internal MsChapV2VerificationRequest(
        AuthMethod method,
        ReadOnlySpan<byte> name,
        byte identifier,
        ReadOnlySpan<byte> authenticatorChallenge,
        ReadOnlySpan<byte> peerChallenge,
        ReadOnlySpan<byte> ntResponse,
        byte flags)
        : base(method, name)
    {
        Identifier = identifier;
        Flags = flags;
        this.authenticatorChallenge = authenticatorChallenge.ToArray();
        this.peerChallenge = peerChallenge.ToArray();
        this.ntResponse = ntResponse.ToArray();
    }

    /// <summary>The CHAP (or MS-CHAPv2-ID for EAP) identifier of the Response.</summary>
    public byte Identifier { get; }

    public byte Flags { get; }

    public ReadOnlySpan<byte> AuthenticatorChallenge => authenticatorChallenge;

    public ReadOnlySpan<byte> PeerChallenge => peerChallenge;

    public ReadOnlySpan<byte> NtResponse => ntResponse;
}
