namespace Integration.Testing;

/// <summary>A process read from /proc; a pid plus its start time names one process (pids wrap and are reused).</summary>
public sealed record ProcessInfo(int Pid, int ParentPid, string StartTime, string CommandLine)
{
    /// <summary>
    /// The app host and everything it started: its own children, and DCP, which detaches from it (its parent becomes
    /// init) but names the app host it serves with <c>--monitor PID</c>, with all of DCP's descendants.
    /// </summary>
    public static IReadOnlyList<ProcessInfo> TreeOf(int appHostPid)
    {
        var all = Directory.EnumerateDirectories("/proc").Select(d => Read(Path.GetFileName(d))).OfType<ProcessInfo>().ToList();
        var tree = all.Where(p => p.Pid == appHostPid || p.CommandLine.Contains($"--monitor {appHostPid}", StringComparison.Ordinal)).ToList();
        for (var added = true; added;)
        {
            var children = all.Where(p => tree.Any(t => t.Pid == p.ParentPid) && tree.All(t => t.Pid != p.Pid)).ToList();
            tree.AddRange(children);
            added = children.Count > 0;
        }

        return tree.Where(p => p.Pid != appHostPid).ToList();
    }

    /// <summary>Alive, the same process (same start time), and not a zombie waiting to be reaped.</summary>
    public bool IsRunning() => Read(Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)) is { } now && now.StartTime == StartTime && !now.IsZombie;

    private bool IsZombie { get; init; }

    private static ProcessInfo? Read(string pid)
    {
        if (!int.TryParse(pid, out var id))
        {
            return null;
        }

        try
        {
            // Fields after the command name (which may contain spaces), from field 3: state, ppid, …, starttime (22).
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var commandLine = File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
            return new ProcessInfo(id, int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), fields[19], commandLine) { IsZombie = fields[0] == "Z" };
        }
        catch (IOException)
        {
            return null;
        }
    }

    public override string ToString() => $"{Pid} {CommandLine}";

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    public static extern int Kill(int pid, int signal);
}
