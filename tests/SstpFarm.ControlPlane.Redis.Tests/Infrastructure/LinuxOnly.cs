// Redis and the farm run on Linux; so do these tests.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
