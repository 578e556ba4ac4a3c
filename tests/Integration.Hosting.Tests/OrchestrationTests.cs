using System.Net.Sockets;
using Integration.Hosting.Orchestration;

namespace Integration.Hosting.Tests;

/// <summary>Run mode with real child processes on 127.0.0.1.</summary>
public sealed class OrchestrationTests : IDisposable
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly TestModel _model = new();

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_dependent_starts_only_once_what_it_waits_for_is_healthy()
    {
        var builder = _model.CreateBuilder();
        Scripts.Write(_model.StateDirectory, "server.py", Scripts.PortServer);
        Scripts.Write(_model.StateDirectory, "caller.py", Scripts.Caller);
        var server = builder.AddExecutable("server", "python3", _model.StateDirectory, "server.py")
            .WithHttpEndpoint(env: "PORT").WithHttpHealthCheck("/").WithEnvironment("DELAY", "1.5");
        builder.AddExecutable("caller", "python3", _model.StateDirectory, "caller.py").WithReference(server).WaitFor(server);

        await using var app = builder.Build();
        await app.StartAsync(Cancel);
        await app.ResourceNotifications.WaitForAllHealthyAsync(Cancel).WaitAsync(Deadline, Cancel);
        await WaitForLogAsync(app, "caller", line => line.StartsWith("server ", StringComparison.Ordinal));

        Assert.Contains("server answered 200", app.ResourceLogs.Recent("caller"));
    }

    [Fact]
    public async Task A_resource_that_exits_fails_and_so_do_those_waiting_for_it()
    {
        var builder = _model.CreateBuilder();
        var broken = builder.AddExecutable("broken", "sh", _model.StateDirectory, "-c", "echo 'config file missing'; exit 3").WithHttpEndpoint();
        builder.AddExecutable("dependent", "sh", _model.StateDirectory, "-c", "sleep 60").WaitFor(broken);

        await using var app = builder.Build();
        await app.StartAsync(Cancel);
        var error = await Assert.ThrowsAsync<DistributedApplicationException>(
            () => app.ResourceNotifications.WaitForResourceHealthyAsync("broken", Cancel).WaitAsync(Deadline, Cancel));
        await app.ResourceNotifications.WaitForAsync("dependent", s => s.State == ResourceState.FailedToStart, Cancel).WaitAsync(Deadline, Cancel);

        Assert.Contains("exited with code 3", error.Message);
        Assert.Contains("config file missing", error.Message);
        Assert.Contains("'broken' did not become healthy", app.ResourceNotifications.Get("dependent").Message);
        Assert.Empty(app.ResourceLogs.Recent("dependent"));
    }

    [Fact]
    public async Task Replicas_share_one_endpoint_and_take_turns()
    {
        var builder = _model.CreateBuilder();
        Scripts.Write(_model.StateDirectory, "server.py", Scripts.PortServer);
        var server = builder.AddExecutable("server", "python3", _model.StateDirectory, "server.py")
            .WithHttpEndpoint(env: "PORT").WithHttpHealthCheck("/").WithReplicas(2);

        await using var app = builder.Build();
        await app.StartAsync(Cancel);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("server", Cancel).WaitAsync(Deadline, Cancel);

        var answers = new HashSet<string>();
        for (var i = 0; i < 6; i++)
        {
            // A new connection each time: the proxy balances connections, not requests.
            using var http = new HttpClient();
            answers.Add(await http.GetStringAsync(server.GetEndpoint("http").Url, Cancel));
        }

        Assert.Equal(2, answers.Count);
        Assert.DoesNotContain(server.GetEndpoint("http").Endpoint.Allocated!.Port.ToString(), answers);
    }

    [Fact]
    public async Task Stopping_ends_every_process()
    {
        var builder = _model.CreateBuilder();
        Scripts.Write(_model.StateDirectory, "server.py", Scripts.PortServer);
        var server = builder.AddExecutable("server", "python3", _model.StateDirectory, "server.py").WithHttpEndpoint(env: "PORT");
        var redis = builder.AddRedis("redis");

        await using var app = builder.Build();
        await app.StartAsync(Cancel);
        await app.ResourceNotifications.WaitForAllHealthyAsync(Cancel).WaitAsync(Deadline, Cancel);
        await app.StopAsync(Cancel);

        Assert.All(app.ResourceNotifications.Snapshot(), s => Assert.Equal(ResourceState.Stopped, s.State));
        Assert.False(await AcceptsConnectionsAsync(server.GetEndpoint("http").Endpoint.Allocated!.Port));
        Assert.False(await AcceptsConnectionsAsync(redis.Resource.PrimaryEndpoint.Endpoint.Allocated!.Port));
    }

    [Fact]
    public async Task Disposing_without_stopping_still_ends_every_process()
    {
        var builder = _model.CreateBuilder();
        var redis = builder.AddRedis("redis");
        var app = builder.Build();
        await app.StartAsync(Cancel);
        await app.ResourceNotifications.WaitForAllHealthyAsync(Cancel).WaitAsync(Deadline, Cancel);

        await app.DisposeAsync();

        Assert.False(await AcceptsConnectionsAsync(redis.Resource.PrimaryEndpoint.Endpoint.Allocated!.Port));
    }

    [Fact]
    public async Task A_fixed_port_in_use_stops_the_start_before_anything_runs()
    {
        using var squatter = new TcpListener(System.Net.IPAddress.Loopback, 0);
        squatter.Start();
        var takenPort = ((System.Net.IPEndPoint)squatter.LocalEndpoint).Port;
        var builder = _model.CreateBuilder(randomizePorts: false);
        builder.AddRedis("redis", port: PortAllocator.FreePort());
        builder.AddExecutable("api", "sh", _model.StateDirectory, "-c", "sleep 60").WithHttpEndpoint(port: takenPort);

        await using var app = builder.Build();
        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => app.StartAsync(Cancel));

        Assert.Contains($"Port {takenPort} (resource 'api', endpoint 'http') is already in use", error.Message);
        Assert.All(app.ResourceNotifications.Snapshot(), s => Assert.Equal(ResourceState.Pending, s.State));
    }

    [Fact]
    public async Task A_missing_program_stops_the_start_naming_it()
    {
        var builder = _model.CreateBuilder();
        builder.AddExecutable("tool", "no-such-program-here", _model.StateDirectory);

        await using var app = builder.Build();
        var error = await Assert.ThrowsAsync<DistributedApplicationException>(() => app.StartAsync(Cancel));

        Assert.Contains("Executable 'tool': command 'no-such-program-here' was not found on PATH", error.Message);
    }

    [Fact]
    public async Task References_and_parameters_reach_the_process_environment()
    {
        var builder = _model.CreateBuilder();
        builder.Configuration["Parameters:api-key"] = "configured-value";
        var redis = builder.AddRedis("redis");
        var key = builder.AddParameter("api-key", secret: true);
        var api = builder.AddExecutable("api", "sh", _model.StateDirectory, "-c", "sleep 60").WithHttpEndpoint();
        builder.AddExecutable("probe", "sh", _model.StateDirectory, "-c",
                "echo \"redis=$ConnectionStrings__redis\"; echo \"api=$services__api__http__0\"; echo \"key=$ApiKey\"; sleep 60")
            .WithReference(redis).WithReference(api).WithEnvironment("ApiKey", key);

        await using var app = builder.Build();
        await app.StartAsync(Cancel);
        await WaitForLogAsync(app, "probe", line => line.StartsWith("key=", StringComparison.Ordinal));

        var lines = app.ResourceLogs.Recent("probe");
        Assert.Contains($"redis=127.0.0.1:{redis.Resource.PrimaryEndpoint.Endpoint.Allocated!.Port}", lines);
        Assert.Contains($"api=http://127.0.0.1:{api.GetEndpoint("http").Endpoint.Allocated!.Port}", lines);
        Assert.Contains("key=configured-value", lines);
    }

    private static async Task WaitForLogAsync(DistributedApplication app, string resource, Func<string, bool> match)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Cancel);
        timeout.CancelAfter(Deadline);
        while (!app.ResourceLogs.Recent(resource).Any(match))
        {
            await Task.Delay(50, timeout.Token);
        }
    }

    private static async Task<bool> AcceptsConnectionsAsync(int port)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(System.Net.IPAddress.Loopback, port, Cancel);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public void Dispose() => _model.Dispose();
}
