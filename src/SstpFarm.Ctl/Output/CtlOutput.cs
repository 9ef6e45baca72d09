using Google.Protobuf;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SstpFarm.Ctl.Output;

/// <summary>
/// Where results go: with --json each response as one JSON object on its own line (proto3 JSON
/// mapping, default values included, so a script always finds every field); otherwise Spectre tables.
/// </summary>
internal sealed class CtlOutput
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatDefaultValues(true));
    private readonly TextWriter _writer;

    public CtlOutput(bool json, TextWriter writer)
    {
        IsJson = json;
        _writer = writer ?? throw new ArgumentNullException(nameof(writer));
        Console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Interactive = InteractionSupport.No,

            // No escape codes into files and pipes.
            Ansi = System.Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
            ColorSystem = System.Console.IsOutputRedirected ? ColorSystemSupport.NoColors : ColorSystemSupport.Detect,
        });
        if (System.Console.IsOutputRedirected)
        {
            // Piped into less or grep: no terminal width to fit, so don't wrap cells at 80 columns.
            Console.Profile.Width = int.TryParse(Environment.GetEnvironmentVariable("COLUMNS"), out int columns) && columns > 20 ? columns : 250;
        }
    }

    public bool IsJson { get; }

    public IAnsiConsole Console { get; }

    /// <summary>One response: its JSON, or what <paramref name="human"/> renders.</summary>
    public void Write(IMessage response, Func<IRenderable> human)
    {
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(human);
        if (IsJson)
        {
            WriteJson(response);
        }
        else
        {
            Console.Write(human());
        }
    }

    /// <summary>One response: its JSON, or one line of text.</summary>
    public void Write(IMessage response, string humanLine)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (IsJson)
        {
            WriteJson(response);
        }
        else
        {
            Line(humanLine);
        }
    }

    /// <summary>A response for --json only (human output is rendered from several at once).</summary>
    public void Json(IMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (IsJson)
        {
            WriteJson(response);
        }
    }

    /// <summary>Human output only (never mixed into JSON lines).</summary>
    public void Human(IRenderable renderable)
    {
        if (!IsJson)
        {
            Console.Write(renderable);
        }
    }

    public void Line(string text)
    {
        _writer.WriteLine(text);
        _writer.Flush();
    }

    private void WriteJson(IMessage response) => Line(Formatter.Format(response));
}
