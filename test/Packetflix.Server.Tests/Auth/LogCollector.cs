using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Packetflix.Server.Tests.Auth;

/// <summary>Keeps every formatted log line of a test server, with its category.</summary>
internal sealed class LogCollector : ILoggerProvider
{
    public ConcurrentQueue<(string Category, string Message)> Lines { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public string All() => string.Join("\n", Lines.Select(l => $"{l.Category}: {l.Message}"));

    public void Dispose()
    {
    }

    private sealed class Logger(LogCollector owner, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            owner.Lines.Enqueue((category, formatter(state, exception)));
    }
}
