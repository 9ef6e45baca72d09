using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SstpFarm.Node.Tests.Infrastructure;

/// <summary>Keeps every log line (with its event name) for assertions and for the test output.</summary>
public sealed class CollectingLogger : ILoggerProvider, ILoggerFactory
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyCollection<string> Lines => _lines;

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void AddProvider(ILoggerProvider provider)
    {
    }

    public void Dispose()
    {
    }

    private sealed class Logger(CollectingLogger owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner._lines.Enqueue($"{DateTime.UtcNow:HH:mm:ss.fff} {logLevel} {category} [{eventId.Name}] {formatter(state, exception)}{(exception is null ? string.Empty : " " + exception)}");
    }
}
