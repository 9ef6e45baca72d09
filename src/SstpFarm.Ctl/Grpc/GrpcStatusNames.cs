using System.Text;
using SstpFarm.Api.Grpc;

namespace SstpFarm.Ctl.Grpc;

/// <summary>Status codes spelled as in grpc/doc/statuscodes.md (NOT_FOUND, DEADLINE_EXCEEDED, ...).</summary>
internal static class GrpcStatusNames
{
    public static string Of(GrpcStatusCode status) =>
        Enum.IsDefined(status) ? UpperSnake(status.ToString()) : ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"DeadlineExceeded" → "DEADLINE_EXCEEDED"; "OK" stays "OK".</summary>
    public static string UpperSnake(string pascal)
    {
        ArgumentNullException.ThrowIfNull(pascal);
        var builder = new StringBuilder(pascal.Length + 4);
        for (int i = 0; i < pascal.Length; i++)
        {
            char c = pascal[i];
            if (i > 0 && char.IsUpper(c) && char.IsLower(pascal[i - 1]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(c));
        }

        return builder.ToString();
    }
}
