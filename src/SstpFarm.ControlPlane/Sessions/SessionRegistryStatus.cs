namespace SstpFarm.ControlPlane.Sessions;

/// <summary>What a registry write did.</summary>
public enum SessionRegistryStatus
{
    Done,

    /// <summary>Register: a session with this id exists already.</summary>
    AlreadyRegistered,

    /// <summary>Register: another session is recorded with the same inner address.</summary>
    AddressConflict,

    /// <summary>Update/unregister: no session with this id.</summary>
    NotFound,

    /// <summary>The store behind the registry could not be reached (never returned in memory).</summary>
    Unavailable,
}
