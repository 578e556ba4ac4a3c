namespace Integration.Hosting.Orchestration;

/// <summary>
/// The processes below a child (a shell's commands, the app under 'dotnet run'), read from /proc, so that
/// stopping a resource reaches them too: once their parent is gone they would be out of reach.
/// </summary>
internal static class ProcessTree
{
    /// <summary>One process, named by pid and start time together: a pid alone may be reused once it wraps.</summary>
    public readonly record struct Member(int Pid, string? StartTime)
    {
        /// <summary>This very process is still running (not a zombie, not a newcomer on a reused pid).</summary>
        public bool IsRunning => ProcessTree.IsRunning(Pid) && StartTimeOf(Pid) == StartTime;
    }

    public static Member Identify(int pid) => new(pid, StartTimeOf(pid));

    public static IReadOnlyList<int> DescendantsOf(int root)
    {
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }

        var children = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && ParentOf(pid) is int parent)
            {
                (children.TryGetValue(parent, out var list) ? list : children[parent] = []).Add(pid);
            }
        }

        var found = new List<int>();
        var pending = new Queue<int>([root]);
        while (pending.TryDequeue(out var pid))
        {
            foreach (var child in children.GetValueOrDefault(pid, []))
            {
                found.Add(child);
                pending.Enqueue(child);
            }
        }

        return found;
    }

    /// <summary>Running, not a zombie waiting to be reaped.</summary>
    public static bool IsRunning(int pid)
    {
        var stat = ReadStat(pid);
        return stat is not null && !stat.AfterName.StartsWith('Z');
    }

    /// <summary>Field 22 of /proc/PID/stat: clock ticks since boot when the process started.</summary>
    private static string? StartTimeOf(int pid) => ReadStat(pid)?.AfterName.Split(' ', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(19);

    private static int? ParentOf(int pid) =>
        ReadStat(pid) is { } stat && int.TryParse(stat.AfterName.Split(' ', 3)[1], out var parent) ? parent : null;

    // /proc/PID/stat is "pid (name) state ppid ..."; the name may hold spaces and parentheses, so split at the last ')'.
    private static Stat? ReadStat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return new Stat(text[(text.LastIndexOf(')') + 2)..]);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }

    private sealed record Stat(string AfterName);
}
