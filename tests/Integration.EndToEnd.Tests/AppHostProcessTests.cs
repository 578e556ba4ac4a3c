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
    public async Task Sigterm_stops_every_resource_and_leaves_no_process_behind()
    {
        using var apphost = AppHostProcess.Start(
            ["--DcpPublisher:RandomizePorts=true", $"--Redis:DataDirectory={_redisData}", "--Ollama:Disabled=true"],
            new Dictionary<string, string>
            {
                // The dashboard too, on free ports, as ./run.sh starts it on fixed ones.
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{TestPorts.Free()}",
                ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://127.0.0.1:{TestPorts.Free()}",
                ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://127.0.0.1:{TestPorts.Free()}",
                ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
                ["ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS"] = "true",
            });
        var output = new ConcurrentQueue<string>();
        apphost.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        apphost.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        apphost.BeginOutputReadLine();
        apphost.BeginErrorReadLine();

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
