namespace SstpFarm.Protocol.Auth;

/// <summary>PPP protocol numbers of the authentication protocols (RFC 1661 §2, ppp.md §1).</summary>
internal static class AuthProtocolNumbers
{
    public const ushort Pap = 0xC023;
    public const ushort Chap = 0xC223;
    public const ushort Eap = 0xC227;
}
