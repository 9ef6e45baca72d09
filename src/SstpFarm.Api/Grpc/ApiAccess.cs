namespace SstpFarm.Api.Grpc;

/// <summary>What a method needs from the caller's credentials.</summary>
public enum ApiAccess
{
    /// <summary>Reads state (list, get, watch, health). Any authenticated caller.</summary>
    Read,

    /// <summary>Changes state (drain, disconnect, rotate, user edits). Callers with the admin role only.</summary>
    Admin,
}
