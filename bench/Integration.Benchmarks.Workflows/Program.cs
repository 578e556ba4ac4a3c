// Workflow runtime figures, in one run on this machine:
//  1. the interpreter alone: a five-step workflow with in-process activities, one thread;
//  2. instances as Orleans grains on one silo with Redis persistence after every step: instances completed per second;
//  3. approval decision to resume: instances waiting at a gate, each resumed with a decision; time until the grain has
//     run the rest and persisted it (the inbox's HTTP hop and task bookkeeping are not in this figure).
//   dotnet run -c Release --project bench/Integration.Benchmarks.Workflows -- [instances]
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.Testing;
using Integration.Workflows.Definitions;
using Integration.Workflows.Runtime;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

var count = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 2000;
Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}; {count} instances per measurement");

var fiveSteps = Definition("five-steps", [
    Node("start", "trigger.manual"), Node("a", "flow.setVariable", new { variable = "x", value = "input.n + 1" }),
    Node("b", "flow.setVariable", new { variable = "y", value = "vars.x * 2" }), Node("check", "flow.decision", new { condition = "vars.y > 0" }),
    Node("end", "flow.end", new { outputs = "({ y: vars.y })" })],
    ("start", "a", "done"), ("a", "b", "done"), ("b", "check", "done"), ("check", "end", "true"), ("check", "end", "false"));
var gated = Definition("gated", [
    Node("start", "trigger.manual"), Node("review", "approval.gate", new { assignees = new[] { "role:reviewer" } }), Node("end", "flow.end")],
    ("start", "review", "done"), ("review", "end", "approved"));

// 1. The interpreter alone.
var engine = new FlowEngine(fiveSteps, new NoExternalSteps(), TimeProvider.System);
for (var i = 0; i < 500; i++)
{
    await engine.StartAsync(NewState(i), "start", CancellationToken.None);
}

var clock = Stopwatch.StartNew();
var stepTimes = new List<double>();
for (var i = 0; i < count; i++)
{
    var state = NewState(i);
    await engine.StartAsync(state, "start", CancellationToken.None);
    stepTimes.AddRange(state.Journal.Where(e => e.DurationMs is not null).Select(e => e.DurationMs!.Value * 1000));
}

Console.WriteLine($"\n1. interpreter, one thread: {count / clock.Elapsed.TotalSeconds:F0} instances/s; step p50 {P(stepTimes, 0.5):F1} µs, p99 {P(stepTimes, 0.99):F1} µs");

// 2 and 3. Grains on one silo, Redis behind it.
await using var redis = await TestRedis.StartAsync();
using var silo = new Silo(redis.ConnectionString);
silo.StartServer();
var store = silo.Services.GetRequiredService<DefinitionStore>();
foreach (var definition in new[] { fiveSteps, gated })
{
    var saved = await store.SaveDraftAsync(definition, "bench");
    await store.PublishAsync(definition.Id!, saved.Version, "bench");
}

var grains = silo.Services.GetRequiredService<IGrainFactory>();
await StartMany("warm", fiveSteps, 200);
clock.Restart();
await StartMany("run", fiveSteps, count);
var perSecond = count / clock.Elapsed.TotalSeconds;
Console.WriteLine($"\n2. grains (state written to Redis after every step), 64 at a time: {perSecond:F0} instances/s completed");

await StartMany("gate", gated, count);
var resumeTimes = new List<double>();
for (var i = 0; i < count; i++)
{
    var grain = grains.GetGrain<IWorkflowInstanceGrain>($"gate-{i}");
    var token = (await grain.GetAsync())!.Bookmarks[0].TokenId;
    var decided = Stopwatch.StartNew();
    var after = await grain.ResumeAsync(new Resumption(token, "approved", new JsonObject { ["output"] = new JsonObject() }));
    resumeTimes.Add(decided.Elapsed.TotalMilliseconds);
    if (after.Status != InstanceStatus.Completed)
    {
        throw new InvalidOperationException($"gate-{i} did not complete: {after.Status}");
    }
}

resumeTimes.Sort();
Console.WriteLine($"\n3. approval decision to resumed and persisted, one at a time: p50 {P(resumeTimes, 0.5):F2} ms, p99 {P(resumeTimes, 0.99):F2} ms");

async Task StartMany(string prefix, WorkflowDefinition definition, int n)
{
    using var gate = new SemaphoreSlim(64);
    await Task.WhenAll(Enumerable.Range(0, n).Select(async i =>
    {
        await gate.WaitAsync();
        try
        {
            var instance = await grains.GetGrain<IWorkflowInstanceGrain>($"{prefix}-{i}").StartAsync(new StartInstance(definition.Id!, 1, "start", new JsonObject { ["n"] = i }, null));
            var status = instance.Status;
            if (status is not (InstanceStatus.Completed or InstanceStatus.Waiting))
            {
                throw new InvalidOperationException($"{prefix}-{i}: {status}");
            }
        }
        finally
        {
            gate.Release();
        }
    }));
}

static InstanceState NewState(int i) => new() { Id = $"i-{i}", DefinitionId = "five-steps", Version = 1, Input = new JsonObject { ["n"] = i } };

static ActivityNode Node(string id, string type, object? inputs = null) =>
    new(id, type, Inputs: inputs is null ? null : JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(JsonSerializer.Serialize(inputs)));

static WorkflowDefinition Definition(string id, ActivityNode[] activities, params (string From, string To, string Outcome)[] connections) =>
    new(id, id, null, [], [], [], activities, connections.Select(c => new Connection(c.From, c.To, c.Outcome)).ToList());

static double P(List<double> values, double quantile)
{
    var sorted = values.Order().ToList();
    return sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * quantile))];
}

internal sealed class NoExternalSteps : IActivityExecutor
{
    public Task<ActivityResult> ExecuteAsync(Integration.Workflows.Runtime.ActivityContext context, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("in-process activities only");
}

/// <summary>The workflow service with its silo, quiet, on free ports.</summary>
internal sealed class Silo(string redis) : WebApplicationFactory<DefinitionStore>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseContentRoot(AppContext.BaseDirectory);
        builder.UseSetting("ConnectionStrings:redis", redis);
        builder.UseSetting("Auth:SigningKey", RandomNumberGenerator.GetHexString(64));
        builder.UseSetting("Logging:LogLevel:Default", "None");
        // No governance service here: the gate's rule check fails at once (a closed port) and a human decides, as in production when it is down.
        builder.UseSetting("services:governance:http:0", "http://127.0.0.1:1");
        builder.UseSetting("Orleans:ClusterId", $"bench-{Guid.NewGuid():N}");
        builder.UseSetting("Orleans:Endpoints:AdvertisedIPAddress", "127.0.0.1");
        builder.UseSetting("Orleans:Endpoints:SiloPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:Endpoints:GatewayPort", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture));
        builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.None));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
