// sstpfarm is a Linux server (TUN, file modes, systemd).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
