// sstpfarm is a Linux server (TUN, file modes, systemd); its tests run where it runs.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
