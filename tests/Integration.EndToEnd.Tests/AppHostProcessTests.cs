using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Integration.Testing;

namespace Integration.EndToEnd.Tests;

/// <summary>The AppHost as a user runs it: its own process, its exit code, what it leaves behind.</summary>
public sealed class AppHostProcessTests : IDisposable
{
    private readonly string _redisData = Path.Combine(Directory.CreateTempSubdirectory("apphost-process-").FullName, "redis");

    private static readonly string[] ServiceAssemblies =
        ["Integration.Workflows", "Integration.Inference", "Integration.Governance", "Integration.Connectors", "Integration.Sandbox", "Integration.Portal"];

    [Fact]
    public async Task A_fixed_port_in_use_makes_it_exit_1_naming_the_port_and_start_nothing()
    {
        const int governancePort = 5103;
        using var squatter = TryHold(governancePort); // if someone else holds it already, so much the better

        var (exitCode, output) = await AppHostProcess.RunToExitAsync([$"--Redis:DataDirectory={_redisData}"], TimeSpan.FromMinutes(1));

        Assert.Equal(1, exitCode);
        Assert.Contains($"Port {governancePort} (resource 'governance', endpoint 'http') is already in use", output);
        Assert.DoesNotContain("Distributed application starting", output);
        Assert.False(Directory.Exists(_redisData));
    }

    [Fact]
    public async Task A_missing_redis_server_makes_it_exit_1_saying_how_to_install_it()
    {
        // A PATH with dotnet's folder only: everything else, redis-server included, is not installed.
        var dotnet = Path.GetDirectoryName(Environment.ProcessPath)!;
        var (exitCode, output) = await AppHostProcess.RunToExitAsync(
            ["--DcpPublisher:RandomizePorts=true", $"--Redis:DataDirectory={_redisData}"], TimeSpan.FromMinutes(1), new Dictionary<string, string> { ["PATH"] = dotnet });

        Assert.Equal(1, exitCode);
        Assert.Contains("Resource 'redis' runs 'redis-server', which is not installed. Install it with 'sudo apt-get install -y redis-server'", output);
        Assert.DoesNotContain("Distributed application starting", output);
    }

    [Fact]
    public async Task A_resource_that_fails_to_start_is_named_with_why_and_nothing_that_waits_for_it_starts()
    {
        // Every service refuses a signing key shorter than 32 characters and stops at startup.
        using var apphost = StartWithDashboard(["--DcpPublisher:RandomizePorts=true", $"--Redis:DataDirectory={_redisData}", "--Ollama:Disabled=true",
            "--Parameters:jwt-signing-key=too-short"]);
        var output = Collect(apphost);
        using var stop = AppHostProcess.StopOnDispose(apphost);

        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        string[] failing = ["sandbox", "inference", "governance"];
        while (!failing.All(name => output.Any(l => l.Contains($"Resource '{name}-", StringComparison.Ordinal) && l.Contains("with exit code", StringComparison.Ordinal))))
        {
            Assert.False(apphost.HasExited, "The app host exited:\n" + string.Join('\n', output));
            await Task.Delay(200, deadline.Token);
        }

        Assert.Contains(output, l => l.Contains("Auth:SigningKey must be at least 32 characters", StringComparison.Ordinal));
        // Connectors waits for the Sandbox, workflows for connectors, the Portal for workflows: none of them was started.
        var tree = ProcessInfo.TreeOf(apphost.Id);
        Assert.Contains(tree, p => p.CommandLine.StartsWith("redis-server", StringComparison.Ordinal));
        Assert.DoesNotContain(tree, p => p.CommandLine.Contains("Integration.Connectors", StringComparison.Ordinal) ||
                                         p.CommandLine.Contains("Integration.Workflows", StringComparison.Ordinal) ||
                                         p.CommandLine.Contains("Integration.Portal", StringComparison.Ordinal));

        Assert.Equal(0, ProcessInfo.Kill(apphost.Id, 15));
        await apphost.WaitForExitAsync(deadline.Token);
    }

    [Fact]
    public async Task Sigterm_stops_every_resource_and_leaves_no_process_behind()
    {
        using var apphost = StartWithDashboard(["--DcpPublisher:RandomizePorts=true", $"--Redis:DataDirectory={_redisData}", "--Ollama:Disabled=true"]);
        var output = Collect(apphost);
        using var stop = AppHostProcess.StopOnDispose(apphost);

        // Everything DCP runs for this app host: redis-server and the six services, each under its own `dotnet run`.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        IReadOnlyList<ProcessInfo> tree;
        while (!Covers(tree = ProcessInfo.TreeOf(apphost.Id)))
        {
            Assert.False(apphost.HasExited, "The app host exited early:\n" + string.Join('\n', output));
            await Task.Delay(200, deadline.Token);
        }

        Assert.Equal(0, ProcessInfo.Kill(apphost.Id, 15));
        await apphost.WaitForExitAsync(deadline.Token);

        Assert.Equal(0, apphost.ExitCode);
        // DCP finishes stopping its children shortly after the app host is gone.
        while (tree.Where(p => p.IsRunning()).ToList() is [_, ..] left)
        {
            Assert.False(deadline.IsCancellationRequested, "Outlived the app host: " + string.Join(", ", left));
            await Task.Delay(200, deadline.Token);
        }
    }

    /// <summary>The app host as ./run.sh starts it, the dashboard included, on free ports.</summary>
    private static System.Diagnostics.Process StartWithDashboard(string[] args) => AppHostProcess.Start(args, new Dictionary<string, string>
    {
        ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{TestPorts.Free()}",
        ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{TestPorts.Free()}",
        ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{TestPorts.Free()}",
        ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
        ["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true",
    });

    private static ConcurrentQueue<string> Collect(System.Diagnostics.Process process)
    {
        var output = new ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return output;
    }

    private static bool Covers(IReadOnlyList<ProcessInfo> tree) =>
        tree.Any(p => p.CommandLine.StartsWith("redis-server", StringComparison.Ordinal)) &&
        ServiceAssemblies.All(service => tree.Any(p => p.CommandLine.Contains($"/{service}", StringComparison.Ordinal) && !p.CommandLine.Contains(" run ", StringComparison.Ordinal)));

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

    public void Dispose()
    {
        var parent = Path.GetDirectoryName(_redisData)!;
        if (Directory.Exists(parent))
        {
            Directory.Delete(parent, recursive: true);
        }
    }
}
