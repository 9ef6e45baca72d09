namespace SstpFarm.ControlPlane.Users;

public enum UserFileStatus
{
    Loaded,

    /// <summary>No file at the path: an empty database (the first `users add` creates it).</summary>
    Missing,

    /// <summary>The file exists but is not a valid user file; <see cref="UserFileLoadResult.Error"/> says why.</summary>
    Invalid,
}

/// <summary>The outcome of reading a user file.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Database">The users (empty unless loaded).</param>
/// <param name="Error">Why the file is invalid (one line, no secrets).</param>
/// <param name="Warnings">Things the operator should fix that do not stop loading (e.g. loose file permissions).</param>
public sealed record UserFileLoadResult(UserFileStatus Status, UserDatabase Database, string? Error, IReadOnlyList<string> Warnings);
