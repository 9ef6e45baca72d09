using System.CommandLine;
using Google.Protobuf;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace SstpFarm.Ctl.Commands;

/// <summary>--page-size, --page-token and --all of the paged List* calls, and the loop over pages.</summary>
internal sealed class PageOptions
{
    public Option<int> PageSize { get; } = new("--page-size")
    {
        Description = "Items per page (the server caps it at 1000) [default: the server's, 100]",
        HelpName = "N",
    };

    public Option<string> PageToken { get; } = new("--page-token")
    {
        Description = "Start at this page (the token a previous page printed)",
        HelpName = "TOKEN",
        DefaultValueFactory = _ => string.Empty,
    };

    public Option<bool> All { get; } = new("--all")
    {
        Description = "Fetch every page (with --json: one object per page)",
    };

    public PageOptions()
    {
        PageSize.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 0)
            {
                result.AddError("--page-size must not be negative");
            }
        });
    }

    public void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(PageSize);
        command.Options.Add(PageToken);
        command.Options.Add(All);
    }

    /// <summary>
    /// Fetches the page at --page-token and, with --all, each next one. --json prints every page
    /// as it comes; human output is one table of everything fetched and a line saying how to go on.
    /// </summary>
    /// <param name="ctx">The command's context.</param>
    /// <param name="parse">The command line.</param>
    /// <param name="fetch">Calls the List* method with (page size, page token).</param>
    /// <param name="read">A page's items, total_size and next_page_token.</param>
    /// <param name="render">The human table of the items.</param>
    /// <param name="noun">What the items are, plural.</param>
    public async Task<int> ListAsync<TPage, TItem>(CtlContext ctx, ParseResult parse, Func<int, string, Task<TPage>> fetch, Func<TPage, (IEnumerable<TItem> Items, int Total, string Next)> read, Func<IEnumerable<TItem>, IRenderable> render, string noun)
        where TPage : IMessage
    {
        ArgumentNullException.ThrowIfNull(ctx);
        ArgumentNullException.ThrowIfNull(parse);
        ArgumentNullException.ThrowIfNull(fetch);
        ArgumentNullException.ThrowIfNull(read);
        ArgumentNullException.ThrowIfNull(render);
        var shown = new List<TItem>();
        int total;
        string token = parse.GetRequiredValue(PageToken);
        do
        {
            TPage page = await fetch(parse.GetValue(PageSize), token);
            ctx.Output.Json(page);
            (IEnumerable<TItem> items, total, token) = read(page);
            shown.AddRange(items);
        }
        while (parse.GetValue(All) && token.Length > 0);

        ctx.Output.Human(render(shown));
        string more = token.Length > 0 ? $"; next page: --page-token {token} (or --all)" : string.Empty;
        ctx.Output.Human(new Text($"{shown.Count} of {total} {noun}{more}{Environment.NewLine}"));
        return ExitCodes.Ok;
    }
}
