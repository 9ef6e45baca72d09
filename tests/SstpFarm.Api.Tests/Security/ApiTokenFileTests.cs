using SstpFarm.Api.Security;

namespace SstpFarm.Api.Tests.Security;

public sealed class ApiTokenFileTests
{
    [Fact]
    public void Parses_names_roles_and_tokens_skipping_comments_and_blank_lines()
    {
        const string text = "# who role token\n\nops-cli  admin\t0123456789abcdefXYZ\n  grafana read  fedcba9876543210+/=\n";
        IReadOnlyList<ApiToken>? tokens = ApiTokenFile.Parse(text, out string? error);

        Assert.Null(error);
        Assert.NotNull(tokens);
        Assert.Equal([("ops-cli", ApiRole.Admin), ("grafana", ApiRole.Read)], tokens.Select(t => (t.Name, t.Role)));
        Assert.DoesNotContain("0123456789abcdef", tokens[0].ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ops admin", "line 1: expected NAME ROLE TOKEN")]
    [InlineData("ops root 0123456789abcdef", "line 1: ROLE 'root' is not read or admin")]
    [InlineData("ops admin short", "line 1: TOKEN is shorter than 16 characters")]
    [InlineData("o/ps admin 0123456789abcdef", "line 1: NAME must be 1..64 characters from A-Z a-z 0-9 . - _")]
    [InlineData("a read 0123456789abcdef\nb read 0123456789abcdef", "line 2: the same TOKEN appears twice")]
    [InlineData("a read 0123456789abcdef\na read 0123456789abcdeX", "line 2: NAME 'a' appears twice")]
    [InlineData("# nothing\n", "has no tokens (NAME ROLE TOKEN per line)")]
    public void Says_which_line_is_wrong_and_why_without_the_token(string text, string expected)
    {
        Assert.Null(ApiTokenFile.Parse(text, out string? error));
        Assert.Equal(expected, error);
    }
}
