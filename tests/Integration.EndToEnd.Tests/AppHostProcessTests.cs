using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;

namespace Integration.EndToEnd.Tests;

/// <summary>The AppHost as a user runs it: its own process, its exit code, what it leaves behind.</summary>
public sealed partial class AppHostProcessTests : IDisposable
{
    private readonly string _stateDirectory = Directory.CreateTempSubdirectory("apphost-process-").FullName;

    [Fact]
    public async Task A_fixed_port_in_use_makes_it_exit_1_naming_the_port_and_start_nothing()
    {
        const int governancePort = 5103;
        using var squatter = TryHold(governancePort); // if someone else holds it already, so much the better

        var (exitCode, output) = await RunToExitAsync($"--Hosting:StateDirectory={_stateDirectory}");

        Assert.Equal(1, exitCode);
        Assert.Contains($"Port {governancePort} (resource 'governance', endpoint 'http') is already in use", output);
        Assert.DoesNotContain("» started", output);
        Assert.False(Directory.Exists(Path.Combine(_stateDirectory, "redis")));
    }

    [Fact]
    public async Task Sigterm_stops_every_resource_and_leaves_no_process_behind()
    {
        using var apphost = Start($"--Hosting:StateDirectory={_stateDirectory}", "--Hosting:RandomizePorts=true");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        apphost.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        apphost.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        apphost.BeginOutputReadLine();
        apphost.BeginErrorReadLine();

        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        while (!output.Any(l => l.Contains("Press Ctrl+C to stop everything", StringComparison.Ordinal)))
        {
            Assert.False(apphost.HasExited, "The app host exited early:\n" + string.Join('\n', output));
            await Task.Delay(100, deadline.Token);
        }

        // A pid plus its start time names one process: pids wrap (pid_max is often 32768) and may be reused.
        var children = output.Select(l => StartedPid().Match(l)).Where(m => m.Success)
            .Select(m => int.Parse(m.Groups[1].Value)).Select(pid => (Pid: pid, Started: StartTime(pid))).ToList();
        Assert.Equal(7, children.Count); // redis and six services

        Assert.Equal(0, Kill(apphost.Id, 15));
        await apphost.WaitForExitAsync(deadline.Token);

        Assert.Equal(0, apphost.ExitCode);
        Assert.All(children, child => Assert.False(
            IsRunning(child.Pid) && StartTime(child.Pid) == child.Started, $"pid {child.Pid} outlived the app host"));
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(new Projects.Integration_AppHost().TargetPath!);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    private static async Task<(int ExitCode, string Output)> RunToExitAsync(params string[] args)
    {
        using var apphost = Start(args);
        var stdout = apphost.StandardOutput.ReadToEndAsync();
        var stderr = apphost.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await apphost.WaitForExitAsync(deadline.Token);
        return (apphost.ExitCode, await stdout + await stderr);
    }

    private static TcpListener? TryHold(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return listener;
        }
        catch (SocketException)
        {
            return null;
        }
    }

    /// <summary>Alive and not a zombie waiting to be reaped.</summary>
    private static bool IsRunning(int pid)
    {
        var stat = $"/proc/{pid}/stat";
        return File.Exists(stat) && !File.ReadAllText(stat).Split(')').Last().TrimStart().StartsWith('Z');
    }

    /// <summary>Field 22 of /proc/PID/stat: when the process started, in clock ticks since boot.</summary>
    private static string? StartTime(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat").Split(')').Last().Split(' ', StringSplitOptions.RemoveEmptyEntries)[19];
        }
        catch (IOException)
        {
            return null;
        }
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "kill")]
    private static extern int Kill(int pid, int signal);

    [GeneratedRegex(@"» started \S+ \(pid (\d+)\)")]
    private static partial Regex StartedPid();

    public void Dispose()
    {
        if (Directory.Exists(_stateDirectory))
        {
            Directory.Delete(_stateDirectory, recursive: true);
        }
    }
}
