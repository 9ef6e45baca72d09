namespace SstpFarm.Api.Security;

/// <summary>
/// The API's bearer tokens, one per line: <c>NAME ROLE TOKEN</c>, separated by spaces or tabs.
/// <code>
/// # who      role   token (at least 16 characters, no white space)
/// ops-cli    admin  3q2+7w…
/// grafana    read   Zm9v…
/// </code>
/// NAME: 1..64 of A-Z a-z 0-9 . - _ (shown in logs as the caller); ROLE: <c>read</c> (list, get,
/// watch) or <c>admin</c> (everything); TOKEN: what callers send as <c>authorization: Bearer TOKEN</c>.
/// Lines starting with '#' and blank lines are ignored. Names and tokens must be unique. The file
/// holds secrets: keep it mode 0600 (a warning is given otherwise). Read once at start.
/// </summary>
public static class ApiTokenFile
{
    /// <summary>Shorter tokens are refused: 16 random base64 characters carry 96 bits.</summary>
    public const int MinTokenLength = 16;

    /// <summary>Parses the file's text; null with <paramref name="error"/> (line number and why, never the token) when invalid.</summary>
    public static IReadOnlyList<ApiToken>? Parse(string text, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<ApiToken>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        var secrets = new HashSet<string>(StringComparer.Ordinal);
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            string line = lines[i].Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            string[] fields = line.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            error = fields.Length != 3 ? "expected NAME ROLE TOKEN"
                : !IsName(fields[0]) ? "NAME must be 1..64 characters from A-Z a-z 0-9 . - _"
                : fields[1] is not ("read" or "admin") ? $"ROLE '{fields[1]}' is not read or admin"
                : fields[2].Length < MinTokenLength ? $"TOKEN is shorter than {MinTokenLength} characters"
                : !names.Add(fields[0]) ? $"NAME '{fields[0]}' appears twice"
                : !secrets.Add(fields[2]) ? "the same TOKEN appears twice"
                : null;
            if (error is not null)
            {
                error = $"line {i + 1}: {error}";
                return null;
            }

            tokens.Add(new ApiToken(fields[0], fields[1] == "admin" ? ApiRole.Admin : ApiRole.Read, fields[2]));
        }

        error = tokens.Count == 0 ? "has no tokens (NAME ROLE TOKEN per line)" : null;
        return error is null ? tokens : null;
    }

    /// <summary>Reads and parses the file; <paramref name="warning"/> when other users can read it.</summary>
    public static IReadOnlyList<ApiToken>? Load(string path, out string? error, out string? warning)
    {
        warning = null;
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            error = $"cannot be read: {e.Message}";
            return null;
        }

        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(path) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead)) != 0)
        {
            warning = $"'{path}' is readable by other users; run: chmod 600 '{path}'";
        }

        return Parse(text, out error);
    }

    private static bool IsName(string text) =>
        text.Length is > 0 and <= 64 && text.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_');
}
