using System.Diagnostics;
using Integration.Testing;

namespace Integration.EndToEnd.Tests;

/// <summary>The AppHost as a user runs it: its build output started with dotnet, in its own process.</summary>
internal static class AppHostProcess
{
    public static Process Start(IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(BuildOutput.Of("AppHost", "Integration.AppHost"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        return Process.Start(info)!;
    }

    /// <summary>Whatever a test asserts, the app host it started does not outlive it (DCP then stops what it ran).</summary>
    public static IDisposable StopOnDispose(Process apphost) => new Stopper(apphost);

    private sealed class Stopper(Process apphost) : IDisposable
    {
        public void Dispose()
        {
            if (apphost.HasExited)
            {
                return;
            }

            _ = ProcessInfo.Kill(apphost.Id, 15);
            if (!apphost.WaitForExit(TimeSpan.FromSeconds(30)))
            {
                apphost.Kill(entireProcessTree: true);
            }
        }
    }

    public static async Task<(int ExitCode, string Output)> RunToExitAsync(IEnumerable<string> args, TimeSpan limit, IReadOnlyDictionary<string, string>? environment = null)
    {
        using var apphost = Start(args, environment);
        var stdout = apphost.StandardOutput.ReadToEndAsync();
        var stderr = apphost.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(limit);
        await apphost.WaitForExitAsync(deadline.Token);
        return (apphost.ExitCode, await stdout + await stderr);
    }
}
