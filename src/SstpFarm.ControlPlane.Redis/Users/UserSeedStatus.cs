namespace SstpFarm.ControlPlane.Redis.Users;

/// <summary>What became of the node's user file when the farm store started.</summary>
public enum UserSeedStatus
{
    /// <summary>Redis has not answered yet; the import is tried at every refresh until it does.</summary>
    Pending,

    /// <summary>The farm had never had users: the file's users were imported.</summary>
    Imported,

    /// <summary>The farm has its users already (Redis is the truth): the file was not imported.</summary>
    FarmHasUsers,

    /// <summary>The file had no users.</summary>
    NothingToImport,
}
