using Microsoft.Extensions.Logging;

namespace SstpFarm.Balancer.Tests.Infrastructure;

/// <summary>Keeps every log entry so tests can check what was reported (by event name).</summary>
internal sealed class ListLogger<T> : ILogger<T>
{
    private readonly List<(LogLevel Level, string EventName, string Message)> _entries = [];

    public IReadOnlyList<(LogLevel Level, string EventName, string Message)> Entries
    {
        get
        {
            lock (_entries)
            {
                return [.. _entries];
            }
        }
    }

    public bool Has(string eventName) => Entries.Any(e => e.EventName == eventName);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        lock (_entries)
        {
            _entries.Add((logLevel, eventId.Name ?? string.Empty, formatter(state, exception)));
        }
    }
}
