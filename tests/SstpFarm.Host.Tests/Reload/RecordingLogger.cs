using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace SstpFarm.Host.Tests.Reload;

/// <summary>Keeps every log entry, so tests can check what an operator would read.</summary>
internal sealed class RecordingLogger : ILogger
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    public IReadOnlyList<Entry> Named(string eventName) => Entries.Where(e => e.EventName == eventName).ToArray();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        _entries.Enqueue(new Entry(logLevel, eventId.Id, eventId.Name, formatter(state, exception)));

    public sealed record Entry(LogLevel Level, int Id, string? EventName, string Message);
}
