namespace Integration.Hosting.Orchestration;

/// <summary>
/// Each resource's output: streamed to the console prefixed with its name (in colour on a terminal),
/// and the last lines kept so that a failure can show what the resource said.
/// </summary>
public sealed class ResourceLogs(HostingOptions options)
{
    private const int KeptLines = 300;
    private static readonly ConsoleColor[] Palette =
        [ConsoleColor.Cyan, ConsoleColor.Green, ConsoleColor.Magenta, ConsoleColor.Yellow, ConsoleColor.Blue, ConsoleColor.DarkCyan, ConsoleColor.DarkGreen, ConsoleColor.DarkYellow];

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<string>> _recent = [];
    private readonly Dictionary<string, ConsoleColor> _colors = [];
    private readonly bool _useColor = !Console.IsOutputRedirected;
    private int _prefixWidth = 10;

    internal void SetPrefixWidth(int width) => _prefixWidth = Math.Max(_prefixWidth, width);

    public IReadOnlyList<string> Recent(string resource)
    {
        lock (_gate)
        {
            return _recent.TryGetValue(resource, out var lines) ? [.. lines] : [];
        }
    }

    internal void Write(string resource, string source, string line)
    {
        lock (_gate)
        {
            if (!_recent.TryGetValue(resource, out var lines))
            {
                _recent[resource] = lines = new Queue<string>();
                _colors[resource] = Palette[_colors.Count % Palette.Length];
            }

            lines.Enqueue(line);
            if (lines.Count > KeptLines)
            {
                lines.Dequeue();
            }

            if (!options.StreamLogsToConsole)
            {
                return;
            }

            var prefix = $"[{source}]".PadRight(_prefixWidth + 2);
            if (_useColor)
            {
                Console.ForegroundColor = _colors[resource];
                Console.Write(prefix);
                Console.ResetColor();
                Console.WriteLine(" " + line);
            }
            else
            {
                Console.WriteLine(prefix + " " + line);
            }
        }
    }

    /// <summary>Text of the orchestrator's own (the resource table), never cut into by a resource's line.</summary>
    internal void WriteBlock(string text)
    {
        lock (_gate)
        {
            if (options.StreamLogsToConsole)
            {
                Console.WriteLine(text);
            }
        }
    }

    /// <summary>A line from the orchestrator itself about a resource (started, exited, healthy).</summary>
    internal void Note(string resource, string message) => Write(resource, resource, "» " + message);
}
