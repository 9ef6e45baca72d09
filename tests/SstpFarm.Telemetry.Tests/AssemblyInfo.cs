// The meters and activity sources are process-wide: one exporting node at a time keeps what each test sees its own.
[assembly: CollectionBehavior(DisableTestParallelization = true)]

// Like the host under test: a Linux server (TUN, network namespaces).
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
