using SstpFarm.ControlPlane;
using SstpFarm.ControlPlane.Users;
using SstpFarm.Host.Certificates;
using SstpFarm.Host.Options;

namespace SstpFarm.Host.Run;

/// <summary>Everything `sstpfarm run` prepared and validated before the data plane starts.</summary>
/// <param name="Options">Validated options.</param>
/// <param name="Certificate">The certificate to present; null with --no-tls (then use Options.Tls.CertificateHash*).</param>
/// <param name="Users">The local users (reloadable; keeps the last good file).</param>
/// <param name="ControlPlane">The control plane (in memory for a single node, Redis with --redis).</param>
/// <param name="Time">The clock to use.</param>
/// <param name="Console">Where to report.</param>
public sealed record NodeStartup(SstpFarmOptions Options, ServerCertificate? Certificate, FileUserStore Users, IControlPlane ControlPlane, TimeProvider Time, HostConsole Console);
