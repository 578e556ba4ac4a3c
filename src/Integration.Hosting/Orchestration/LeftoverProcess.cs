using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Integration.Hosting.Orchestration;

/// <summary>
/// A redis-server started by an earlier run whose app host was killed outright (SIGKILL gives no chance to
/// clean up) still holds the port. Its pid file in our own state directory identifies it as ours to stop.
/// </summary>
internal static class LeftoverProcess
{
    public static void StopIfRunning(string pidFile, string expectedName, ILogger logger)
    {
        if (!File.Exists(pidFile) || !int.TryParse(File.ReadAllText(pidFile).Trim(), out var pid))
        {
            return;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            if (!process.ProcessName.Contains(expectedName, StringComparison.Ordinal))
            {
                return; // The pid was reused by something else: not ours.
            }

            logger.LogWarning("Stopping {Name} (pid {Pid}) left running by an earlier run.", expectedName, pid);
            if (!ManagedProcess.TrySignalTerminate(pid) || !process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill();
            }
        }
        catch (ArgumentException)
        {
            // Not running any more.
        }
        finally
        {
            File.Delete(pidFile);
        }
    }
}
