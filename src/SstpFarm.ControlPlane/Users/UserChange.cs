namespace SstpFarm.ControlPlane.Users;

/// <summary>What an edit of the user database did.</summary>
public enum UserChange
{
    Done,
    AlreadyExists,

    /// <summary>A user whose name differs only in case exists (see <see cref="UserNames"/>).</summary>
    ExistsWithDifferentCase,
    NotFound,

    /// <summary>Another user has the same static address.</summary>
    StaticAddressTaken,

    /// <summary>The store behind the database could not be reached; nothing changed.</summary>
    Unavailable,
}
