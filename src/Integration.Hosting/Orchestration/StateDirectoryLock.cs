using System.Diagnostics;

namespace Integration.Hosting.Orchestration;

/// <summary>
/// One app host per state directory: two would share Redis data and ports. The lock file holds the
/// owner's pid; a lock whose owner is gone is stale and taken over.
/// </summary>
internal sealed class StateDirectoryLock : IDisposable
{
    private const string FileName = "apphost.pid";
    private readonly string _path;

    private StateDirectoryLock(string path) => _path = path;

    /// <summary>True when no other app host held the directory (what it left behind is ours to clean up).</summary>
    public bool TookOverStale { get; private init; }

    public static StateDirectoryLock Acquire(string stateDirectory)
    {
        var path = Path.Combine(stateDirectory, FileName);
        if (File.Exists(path) && int.TryParse(File.ReadAllText(path).Trim(), out var owner) && owner != Environment.ProcessId && IsAlive(owner))
        {
            throw new DistributedApplicationException(
                $"Another app host (pid {owner}) is running with the state directory '{stateDirectory}'. Stop it first, or give this one --Hosting:StateDirectory=<other folder>.");
        }

        var stale = File.Exists(path);
        File.WriteAllText(path, Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new StateDirectoryLock(path) { TookOverStale = stale };
    }

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    public void Dispose() => File.Delete(_path);
}
