namespace SstpFarm.Observability.Tests.Collector;

/// <summary>
/// A deliberately small reader for block-style YAML as the shipped collector config uses it:
/// nested `key:` / `key: value` lines by indentation, `- ` list items, # comments and one-line
/// flow lists (`[a, b]`). Anything else (multi-line scalars, anchors, tabs) is refused rather
/// than guessed, so the config must stay that simple or the test must move to a YAML library.
/// </summary>
internal sealed class YamlOutline
{
    private readonly List<YamlOutline> _children = [];

    private YamlOutline(string key, string value, int indent)
    {
        Key = key;
        Value = value;
        Indent = indent;
    }

    public string Key { get; }

    /// <summary>The scalar after the colon ("" for a mapping).</summary>
    public string Value { get; }

    public IReadOnlyList<YamlOutline> Children => _children;

    private int Indent { get; }

    public static YamlOutline Parse(string text)
    {
        var root = new YamlOutline(string.Empty, string.Empty, -1);
        var open = new Stack<YamlOutline>();
        open.Push(root);
        int number = 0;
        foreach (string raw in text.Split('\n'))
        {
            number++;
            string line = StripComment(raw).TrimEnd();
            if (line.Trim().Length == 0)
            {
                continue;
            }

            if (line.Contains('\t', StringComparison.Ordinal) || line.TrimStart().StartsWith('&') || line.EndsWith('|') || line.EndsWith('>'))
            {
                throw new FormatException($"line {number}: outside the YAML subset this reader takes: {raw}");
            }

            int indent = line.Length - line.TrimStart().Length;
            string content = line.Trim();
            while (content.StartsWith("- ", StringComparison.Ordinal) || content == "-")
            {
                // A list item: an entry "-" holding a scalar, or whose mapping sits two columns further in.
                string item = content[1..].TrimStart();
                bool scalar = item.Length > 0 && !IsKeyLine(item) && !item.StartsWith("- ", StringComparison.Ordinal);
                Add(open, new YamlOutline("-", scalar ? item : string.Empty, indent));
                content = scalar ? string.Empty : item;
                indent += 2;
            }

            if (content.Length == 0)
            {
                continue;
            }

            int colon = content.IndexOf(": ", StringComparison.Ordinal);
            (string key, string value) = content.EndsWith(':') && colon < 0 ? (content[..^1], string.Empty)
                : colon > 0 ? (content[..colon], content[(colon + 2)..].Trim())
                : throw new FormatException($"line {number}: expected 'key:' or 'key: value': {raw}");
            Add(open, new YamlOutline(key.Trim('"', '\''), value, indent));
        }

        return root;
    }

    /// <summary>The child with <paramref name="key"/>, or null.</summary>
    public YamlOutline? this[string key] => _children.FirstOrDefault(c => c.Key == key);

    /// <summary>Follows a path of keys from here; null when any is missing.</summary>
    public YamlOutline? At(params string[] path) =>
        path.Aggregate<string, YamlOutline?>(this, (node, key) => node?[key]);

    /// <summary>The items of a flow list value (`[a, b]`).</summary>
    public IReadOnlyList<string> FlowList() =>
        Value.StartsWith('[') && Value.EndsWith(']')
            ? [.. Value[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)]
            : throw new FormatException($"{Key}: expected a flow list [a, b], got '{Value}'");

    private static bool IsKeyLine(string content) =>
        content.EndsWith(':') || content.Contains(": ", StringComparison.Ordinal);

    private static void Add(Stack<YamlOutline> open, YamlOutline node)
    {
        while (open.Peek().Indent >= node.Indent)
        {
            open.Pop();
        }

        open.Peek()._children.Add(node);
        open.Push(node);
    }

    // A # starts a comment at the line's start or after a blank, outside quotes.
    private static string StripComment(string line)
    {
        char quote = '\0';
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quote != '\0')
            {
                quote = c == quote ? '\0' : quote;
            }
            else if (c is '"' or '\'')
            {
                quote = c;
            }
            else if (c == '#' && (i == 0 || line[i - 1] == ' '))
            {
                return line[..i];
            }
        }

        return line;
    }
}
