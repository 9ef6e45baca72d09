using Microsoft.Extensions.Logging;

namespace SstpFarm.Host.Telemetry;

/// <summary>
/// Lends the SDK's OTLP logger factory to the host's logger factory as one more provider. The host's
/// factory must not dispose it: the SDK flushes and shuts it down in its own order.
/// </summary>
internal sealed class NonOwningLoggerProvider(ILoggerFactory inner) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => inner.CreateLogger(categoryName);

    public void Dispose()
    {
        // Owned by the SDK.
    }
}
