using System.CommandLine;
using SstpFarm.Api.V1;
using SstpFarm.Ctl.Grpc;
using SstpFarm.Ctl.Output;

namespace SstpFarm.Ctl.Commands;

/// <summary><c>users list|add|set-password|remove</c> (UserService): the node's user file, or Redis in a farm.</summary>
internal static class UserCommands
{
    public static Command Build(CtlRunner runner)
    {
        var users = new Command("users", "Local users (the user file on a single node, Redis in a farm)");

        var list = new Command("list", "Every user (names and settings; secrets never come back)");
        runner.Handle(list, async (ctx, _, ct) =>
        {
            ListUsersResponse response = await ctx.CallAsync(ApiMethods.ListUsers, new ListUsersRequest(), ct);
            ctx.Output.Write(response, () => UserViews.List(response.Users));
            return ExitCodes.Ok;
        });
        users.Subcommands.Add(list);
        users.Subcommands.Add(Add(runner));
        users.Subcommands.Add(SetPassword(runner));
        users.Subcommands.Add(Remove(runner));
        return users;
    }

    private static Argument<string> NameArgument() => new("name") { Description = "The user's name" };

    private static Option<bool> PasswordStdinOption() => new("--password-stdin")
    {
        Description = "Read the password from the first line of standard input instead of prompting",
    };

    private static Option<bool> ReversibleOption() => new("--reversible")
    {
        Description = "Also keep the password in the clear, for CHAP-MD5 clients",
    };

    private static Command Add(CtlRunner runner)
    {
        Argument<string> name = NameArgument();
        Option<bool> stdin = PasswordStdinOption();
        Option<bool> reversible = ReversibleOption();
        Option<string> address = TextOption.Create("--static-address", "Always give the user this address (instead of one from the pool)", "IP");
        var command = new Command("add", "Add a user (exit 6 when the name or the static address is taken)") { name, stdin, address, reversible };
        runner.Handle(command, async (ctx, parse, ct) =>
        {
            string userName = parse.GetRequiredValue(name);
            var request = new AddUserRequest
            {
                Name = userName,
                Password = PasswordReader.Read(parse.GetValue(stdin), userName),
                StaticAddress = parse.GetRequiredValue(address),
                KeepReversibleSecret = parse.GetValue(reversible),
            };
            User user = await ctx.CallAsync(ApiMethods.AddUser, request, ct);
            ctx.Output.Write(user, () => UserViews.List([user]));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command SetPassword(CtlRunner runner)
    {
        Argument<string> name = NameArgument();
        Option<bool> stdin = PasswordStdinOption();
        Option<bool> reversible = ReversibleOption();
        var command = new Command("set-password", "Change a user's password; sessions already up stay up (exit 3 for an unknown user)") { name, stdin, reversible };
        runner.Handle(command, async (ctx, parse, ct) =>
        {
            string userName = parse.GetRequiredValue(name);
            var request = new SetPasswordRequest
            {
                Name = userName,
                Password = PasswordReader.Read(parse.GetValue(stdin), userName),
                KeepReversibleSecret = parse.GetValue(reversible),
            };
            User user = await ctx.CallAsync(ApiMethods.SetPassword, request, ct);
            ctx.Output.Write(user, () => UserViews.List([user]));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Remove(CtlRunner runner)
    {
        Argument<string> name = NameArgument();
        var command = new Command("remove", "Remove a user; sessions already up stay up (exit 3 for an unknown user)") { name };
        runner.Handle(command, async (ctx, parse, ct) =>
        {
            string userName = parse.GetRequiredValue(name);
            RemoveUserResponse response = await ctx.CallAsync(ApiMethods.RemoveUser, new RemoveUserRequest { Name = userName }, ct);
            ctx.Output.Write(response, $"User {userName} removed.");
            return ExitCodes.Ok;
        });
        return command;
    }
}
