using System.Globalization;

namespace SstpFarm.Balancer.Tests.Infrastructure;

/// <summary>`openssl s_client` against a TLS-terminating HAProxy, saving or offering a session (ticket).</summary>
internal static class OpenSslClient
{
    /// <summary>
    /// One handshake; returns s_client's output, whose "New, …" or "Reused, …" line tells whether the
    /// offered session resumed. The backend closes at once, so HAProxy closes and s_client exits
    /// (<c>-ign_eof</c> keeps it reading until then, so TLS 1.3 tickets sent after the handshake arrive).
    /// </summary>
    public static async Task<string> HandshakeAsync(int port, string version, string? sessionOut = null, string? sessionIn = null, string? serverName = null)
    {
        List<string> arguments = ["s_client", "-connect", "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture), version, "-ign_eof"];
        if (sessionOut is not null)
        {
            arguments.AddRange(["-sess_out", sessionOut]);
        }

        if (sessionIn is not null)
        {
            arguments.AddRange(["-sess_in", sessionIn]);
        }

        if (serverName is not null)
        {
            arguments.AddRange(["-servername", serverName]);
        }

        (int _, string output) = await Tools.RunAsync(Tools.OpenSsl, arguments, TimeSpan.FromSeconds(30));
        if (sessionOut is not null && !File.Exists(sessionOut))
        {
            throw new InvalidOperationException("s_client saved no session:\n" + output);
        }

        return output;
    }

    public static bool Resumed(string output) => output.Contains("\nReused, TLSv1.", StringComparison.Ordinal);

    public static bool Fresh(string output) => output.Contains("\nNew, TLSv1.", StringComparison.Ordinal);
}
