namespace SstpFarm.Protocol.Ppp;

/// <summary>Which end of the link a control protocol plays: the server (authenticator, address owner) or the client.</summary>
public enum PppRole
{
    Server,
    Client,
}
