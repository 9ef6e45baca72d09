using SstpFarm.ControlPlane;
using SstpFarm.ControlPlane.Users;
using SstpFarm.Host.Certificates;
using SstpFarm.Host.Options;

namespace SstpFarm.Host.Run;

/// <summary>Everything `sstpfarm run` prepared and validated before the data plane starts.</summary>
/// <param name="Options">Validated options.</param>
/// <param name="Certificate">The certificate to present; null with --no-tls (then use Options.Tls.CertificateHash*).</param>
/// <param name="Users">The local user file (reloadable; keeps the last good file).</param>
/// <param name="ControlPlane">The control plane (in memory for a single node, Redis with --redis); its <see cref="IControlPlane.SessionEvents"/> feeds the API's session watch.</param>
/// <param name="Time">The clock to use.</param>
/// <param name="Console">Where to report.</param>
public sealed record NodeStartup(SstpFarmOptions Options, ServerCertificate? Certificate, FileUserStore Users, IControlPlane ControlPlane, TimeProvider Time, HostConsole Console)
{
    /// <summary>The users authentication looks up: <see cref="Users"/> on a single node, the farm's local replica of the Redis users in a farm.</summary>
    public IUserStore AuthenticationUsers
    {
        get => field ?? Users;
        init;
    }

    /// <summary>Where the operator API edits users: the user file on a single node, Redis in a farm.</summary>
    public IUserAdministration UserAdministration
    {
        get => field ??= new FileUserAdministration(Users);
        init;
    }
}
