namespace SstpFarm.Protocol.Auth.Pap;

/// <summary>PAP packet codes (RFC 1334 §2.2).</summary>
public enum PapCode : byte
{
    AuthenticateRequest = 1,
    AuthenticateAck = 2,
    AuthenticateNak = 3,
}
