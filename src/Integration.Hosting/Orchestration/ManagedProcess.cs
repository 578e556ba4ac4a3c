using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Integration.Hosting.Orchestration;

/// <summary>One child process: its output goes to <see cref="ResourceLogs"/>; stopping sends SIGTERM, then kills.</summary>
internal sealed partial class ManagedProcess : IAsyncDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;
    private readonly TaskCompletionSource<int> _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ManagedProcess(Process process) => _process = process;

    public int Id => _process.Id;
    public Task<int> Exited => _exited.Task;
    public bool HasExited => _exited.Task.IsCompleted;

    public static ManagedProcess Start(
        string fileName, IEnumerable<string> args, string workingDirectory, IReadOnlyDictionary<string, string> environment,
        ResourceLogs logs, string resourceName, string displayName)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true, // so no child ever reads the app host's terminal
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var managed = new ManagedProcess(process);
        // A null line is the end of that stream. The exit is reported once both streams have ended, so that a
        // failure message carries the process's last words; but not later than 2 s after the exit, because a
        // grandchild may still hold the pipes open.
        var stdoutEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var stderrEnded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) => Forward(e.Data, stdoutEnded);
        process.ErrorDataReceived += (_, e) => Forward(e.Data, stderrEnded);
        process.Exited += async (_, _) =>
        {
            await Task.WhenAny(Task.WhenAll(stdoutEnded.Task, stderrEnded.Task), Task.Delay(TimeSpan.FromSeconds(2)));
            managed._exited.TrySetResult(process.ExitCode);
        };

        void Forward(string? line, TaskCompletionSource ended)
        {
            if (line is null)
            {
                ended.TrySetResult();
            }
            else
            {
                logs.Write(resourceName, displayName, line);
            }
        }

        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return managed;
    }

    /// <summary>
    /// Asks the process and everything it started to stop (SIGTERM), waits, then kills whatever is left,
    /// so that nothing outlives the resource.
    /// </summary>
    public async Task StopAsync(TimeSpan timeout)
    {
        var descendants = ProcessTree.DescendantsOf(_process.Id).Select(ProcessTree.Identify).ToList();
        if (HasExited && !descendants.Any(d => d.IsRunning))
        {
            return;
        }

        var signalled = TrySignalTerminate(_process.Id) | descendants.Select(d => TrySignalTerminate(d.Pid)).ToList().Contains(true);
        var deadline = DateTime.UtcNow + (signalled ? timeout : TimeSpan.Zero);
        while (DateTime.UtcNow < deadline && (!HasExited || descendants.Any(d => d.IsRunning)))
        {
            await Task.Delay(50);
        }

        if (!HasExited)
        {
            KillQuietly(_process.Id);
        }

        // Only processes that are still the very ones we saw: never a newcomer that inherited a pid.
        foreach (var descendant in descendants.Where(d => d.IsRunning))
        {
            KillQuietly(descendant.Pid);
        }

        // Killed processes are gone; waiting for the exit event only lets the last output lines through.
        await Task.WhenAny(Exited, Task.Delay(TimeSpan.FromSeconds(5)));
    }

    private static void KillQuietly(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            process.Kill();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // Gone in the meantime.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    /// <summary>SIGTERM: the polite stop that Redis and ASP.NET Core both handle by shutting down cleanly.</summary>
    internal static bool TrySignalTerminate(int pid) => !OperatingSystem.IsWindows() && Kill(pid, SigTerm) == 0;

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
