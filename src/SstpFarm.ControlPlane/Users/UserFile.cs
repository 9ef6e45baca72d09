using System.Buffers;
using System.Net;
using System.Text.Json;
using SstpFarm.ControlPlane.Pools;
using SstpFarm.ControlPlane.Storage;

namespace SstpFarm.ControlPlane.Users;

/// <summary>
/// The local user file: JSON, versioned, written atomically with mode 0600.
/// <code>
/// {
///   "version": 1,
///   "users": [
///     { "name": "alice", "ntHash": "44EBBA8D5312B8D611474411F56989AE", "staticAddress": "10.0.0.5" },
///     { "name": "bob", "ntHash": "…", "reversibleSecret": "…" }
///   ]
/// }
/// </code>
/// Unknown fields are errors, so a typo cannot silently drop a setting.
/// </summary>
public static class UserFile
{
    public const int CurrentVersion = 1;

    private const string ReversibleSecretWarning =
        " reversibleSecret: the password in the clear, kept only for CHAP-MD5; anyone who can read this file can log in as this user ";

    private static readonly JsonDocumentOptions ReadOptions = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

    public static UserFileLoadResult Load(string path)
    {
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return new UserFileLoadResult(UserFileStatus.Missing, UserDatabase.Empty, null, []);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Invalid($"cannot be read: {e.Message}");
        }

        var warnings = new List<string>();
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & ~(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute)) != 0)
        {
            warnings.Add($"'{path}' is readable by other users; run: chmod 600 '{path}'");
        }

        try
        {
            using var document = JsonDocument.Parse(content, ReadOptions);
            string? error = Parse(document.RootElement, out UserDatabase database);
            return error is null
                ? new UserFileLoadResult(UserFileStatus.Loaded, database, null, warnings)
                : Invalid(error);
        }
        catch (JsonException e)
        {
            return Invalid($"is not valid JSON (line {e.LineNumber + 1}): {FirstSentence(e.Message)}");
        }
    }

    public static void Save(string path, UserDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        AtomicFile.Write(path, Serialize(database), AtomicFile.OwnerOnly);
    }

    /// <summary>
    /// Read-modify-write under an exclusive lock on "<paramref name="path"/>.lock", so two
    /// concurrent `users add` cannot lose each other's change. The file is written only when
    /// <paramref name="edit"/> returns <see cref="UserChange.Done"/>.
    /// </summary>
    /// <returns>The load result when the file was invalid (nothing written), else null and the edit's outcome.</returns>
    public static (UserFileLoadResult? Failed, UserChange Change) Update(string path, Func<UserDatabase, (UserChange Change, UserDatabase Result)> edit)
    {
        ArgumentNullException.ThrowIfNull(edit);
        var lockOptions = new FileStreamOptions { Mode = FileMode.OpenOrCreate, Access = FileAccess.ReadWrite, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            lockOptions.UnixCreateMode = AtomicFile.OwnerOnly;
        }

        // .NET takes an advisory flock() for FileShare.None on Unix; retry briefly if another writer holds it.
        FileStream? gate = null;
        for (int attempt = 0; gate is null; attempt++)
        {
            try
            {
                gate = new FileStream(path + ".lock", lockOptions);
            }
            catch (IOException) when (attempt < 50 && File.Exists(path + ".lock"))
            {
                Thread.Sleep(100);
            }
        }

        using (gate)
        {
            UserFileLoadResult loaded = Load(path);
            if (loaded.Status == UserFileStatus.Invalid)
            {
                return (loaded, UserChange.NotFound);
            }

            (UserChange change, UserDatabase result) = edit(loaded.Database);
            if (change == UserChange.Done)
            {
                Save(path, result);
            }

            return (null, change);
        }
    }

    public static byte[] Serialize(UserDatabase database)
    {
        ArgumentNullException.ThrowIfNull(database);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteNumber("version", CurrentVersion);
            writer.WriteStartArray("users");
            foreach (LocalUser user in database.Users)
            {
                writer.WriteStartObject();
                writer.WriteString("name", user.Name);
                writer.WriteString("ntHash", Convert.ToHexString(user.NtHash));
                if (user.StaticAddress is not null)
                {
                    writer.WriteString("staticAddress", user.StaticAddress.ToString());
                }

                if (user.ReversibleSecret is not null)
                {
                    writer.WriteCommentValue(ReversibleSecretWarning);
                    writer.WriteString("reversibleSecret", user.ReversibleSecret);
                }

                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    private static string? Parse(JsonElement root, out UserDatabase database)
    {
        database = UserDatabase.Empty;
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "must be a JSON object with \"version\" and \"users\"";
        }

        JsonElement users = default;
        bool sawVersion = false;
        foreach (JsonProperty property in root.EnumerateObject())
        {
            switch (property.Name)
            {
                case "version":
                    if (!property.Value.TryGetInt32(out int version) || version != CurrentVersion)
                    {
                        return $"has version {property.Value.GetRawText()}; this sstpfarm reads version {CurrentVersion}";
                    }

                    sawVersion = true;
                    break;
                case "users":
                    users = property.Value;
                    break;
                default:
                    return $"has an unknown field \"{property.Name}\" (known: version, users)";
            }
        }

        if (!sawVersion)
        {
            return "has no \"version\" field";
        }

        if (users.ValueKind != JsonValueKind.Array)
        {
            return "needs a \"users\" array";
        }

        int index = 0;
        foreach (JsonElement entry in users.EnumerateArray())
        {
            index++;
            string? error = ParseUser(entry, out LocalUser? user);
            if (error is not null)
            {
                return $"user #{index}: {error}";
            }

            UserChange change = database.TryAdd(user!, out database);
            if (change != UserChange.Done)
            {
                return $"user #{index} ('{user!.Name}'): {Describe(change)}";
            }
        }

        return null;
    }

    private static string? ParseUser(JsonElement entry, out LocalUser? user)
    {
        user = null;
        if (entry.ValueKind != JsonValueKind.Object)
        {
            return "must be an object";
        }

        string? name = null, hash = null, address = null, secret = null;
        foreach (JsonProperty property in entry.EnumerateObject())
        {
            if (property.Value.ValueKind != JsonValueKind.String)
            {
                return $"\"{property.Name}\" must be a string";
            }

            string value = property.Value.GetString()!;
            switch (property.Name)
            {
                case "name": name = value; break;
                case "ntHash": hash = value; break;
                case "staticAddress": address = value; break;
                case "reversibleSecret": secret = value; break;
                default: return $"unknown field \"{property.Name}\" (known: name, ntHash, staticAddress, reversibleSecret)";
            }
        }

        string? nameError = UserNames.Validate(name);
        if (nameError is not null)
        {
            return $"name {nameError}";
        }

        if (hash is null || hash.Length != LocalUser.NtHashLength * 2 || !hash.All(char.IsAsciiHexDigit))
        {
            return $"'{name}': ntHash must be {LocalUser.NtHashLength * 2} hex digits";
        }

        IPAddress? staticAddress = null;
        if (address is not null && !Ipv4.TryParse(address, out staticAddress))
        {
            return $"'{name}': staticAddress '{address}' is not an IPv4 address";
        }

        user = new LocalUser(name!, Convert.FromHexString(hash), staticAddress, secret);
        return null;
    }

    /// <summary>The operator-facing sentence for an edit that did not happen.</summary>
    public static string Describe(UserChange change) => change switch
    {
        UserChange.AlreadyExists => "a user with this name exists already",
        UserChange.ExistsWithDifferentCase => "a user whose name differs only in case exists (names are case-sensitive; pick one spelling)",
        UserChange.NotFound => "no such user",
        UserChange.StaticAddressTaken => "another user has this static address",
        UserChange.Unavailable => "the user store could not be reached; nothing changed",
        _ => change.ToString(),
    };

    private static UserFileLoadResult Invalid(string error) => new(UserFileStatus.Invalid, UserDatabase.Empty, error, []);

    private static string FirstSentence(string message)
    {
        int end = message.IndexOf(". ", StringComparison.Ordinal);
        return end < 0 ? message : message[..end];
    }
}
