using Integration.Workflows.Activities;
// Workflow runtime figures, in one run on this machine (Redis on it too):
//  1. the interpreter alone: a five-step workflow (trigger, two variables, a decision, the end), one thread;
//  2. instances as Orleans grains on one silo, in process, 64 at a time: instances completed per second;
//  3. the same workflow started over HTTP (POST /v1/workflows/{id}/instances, answered when the instance has completed
//     and its state is in Redis) on one silo, then on two silos of one cluster (each its own process, requests spread
//     over both), against a baseline measured in the same run: the service's own /health over the same client;
//  4. approval decision to resume: instances waiting at a gate, each resumed with a decision, one at a time; time until
//     the grain has run the rest and persisted it (the inbox's HTTP hop and task bookkeeping are not in this figure).
// Each throughput figure is the median of its rounds (min and max beside it).
//   dotnet run -c Release --project bench/Integration.Benchmarks.Workflows -- [instances per round] [rounds] [HTTP concurrency]
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;
using Integration.Workflows.Definitions;
using Integration.Workflows.Runtime;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 64;
const int Warmup = 3000;
Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}; {count} instances a round, {rounds} rounds, {concurrency} HTTP requests at a time");

var fiveSteps = Definition("five-steps", [
    Node("start", "trigger.manual"), Node("a", "flow.setVariable", new { variable = "x", value = "input.n + 1" }),
    Node("b", "flow.setVariable", new { variable = "y", value = "vars.x * 2" }), Node("check", "flow.decision", new { condition = "vars.y > 0" }),
    Node("end", "flow.end", new { outputs = "({ y: vars.y })" })],
    ("start", "a", "done"), ("a", "b", "done"), ("b", "check", "done"), ("check", "end", "true"), ("check", "end", "false"));
var gated = Definition("gated", [
    Node("start", "trigger.manual"), Node("review", "approval.gate", new { assignees = new[] { "role:reviewer" } }), Node("end", "flow.end")],
    ("start", "review", "done"), ("review", "end", "approved"));

// 1. The interpreter alone.
var engine = new FlowEngine(fiveSteps, ActivityCatalog.Shipped, new ServiceCollection().BuildServiceProvider(), TimeProvider.System);
for (var i = 0; i < 500; i++)
{
    await engine.StartAsync(NewState(i), "start", CancellationToken.None);
}

var interpreter = new List<double>();
var stepTimes = new List<double>();
for (var round = 0; round < rounds; round++)
{
    var clock = Stopwatch.StartNew();
    for (var i = 0; i < count; i++)
    {
        var state = NewState(i);
        await engine.StartAsync(state, "start", CancellationToken.None);
        stepTimes.AddRange(state.Journal.Where(e => e.DurationMs is not null).Select(e => e.DurationMs!.Value * 1000));
    }

    interpreter.Add(count / clock.Elapsed.TotalSeconds);
}

Console.WriteLine($"\n1. interpreter, one thread: {Figures(interpreter)} instances/s; step p50 {P(stepTimes, 0.5):F1} µs, p99 {P(stepTimes, 0.99):F1} µs");

await using var redis = await TestRedis.StartAsync();

// 2 and 4. Grains on one silo in this process.
var inProcess = new List<double>();
var resumeTimes = new List<double>();
using (var silo = new Silo(redis.ConnectionString))
{
    silo.StartServer();
    var store = silo.Services.GetRequiredService<DefinitionStore>();
    foreach (var definition in new[] { fiveSteps, gated })
    {
        var saved = await store.SaveDraftAsync(definition, "bench");
        await store.PublishAsync(definition.Id!, saved.Version, "bench");
    }

    var grains = silo.Services.GetRequiredService<IGrainFactory>();
    await StartMany(grains, "warm", fiveSteps, 200);
    for (var round = 0; round < rounds; round++)
    {
        var clock = Stopwatch.StartNew();
        await StartMany(grains, $"run{round}", fiveSteps, count);
        inProcess.Add(count / clock.Elapsed.TotalSeconds);
    }

    Console.WriteLine($"\n2. grains in process, one silo, 64 at a time: {Figures(inProcess)} instances/s completed");

    await StartMany(grains, "gate", gated, count);
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
}

// 3. Over HTTP: silos as their own processes, as the app host runs them.
var signingKey = RandomNumberGenerator.GetHexString(64);
var cluster = $"bench-{Guid.NewGuid():N}";
await using var first = await StartSiloAsync(redis.ConnectionString, cluster, signingKey);
using var firstClient = Client(first.Url, signingKey, concurrency);
await PublishAsync(firstClient, fiveSteps);
// A new process runs unoptimized code at first (tiered compilation): warmed up before anything is measured.
await StartOverHttp([firstClient], "http-warm", Warmup, concurrency);

var health = new List<double>();
var oneSilo = new List<double>();
for (var round = 0; round < rounds; round++)
{
    health.Add(await RateAsync([firstClient], count, concurrency, (client, _) => client.GetAsync("/health")));
    oneSilo.Add(await StartOverHttp([firstClient], $"one{round}", count, concurrency));
}

await using var second = await StartSiloAsync(redis.ConnectionString, cluster, signingKey);
using var secondClient = Client(second.Url, signingKey, concurrency);
await StartOverHttp([secondClient], "two-warm", Warmup, concurrency);
var twoSilos = new List<double>();
for (var round = 0; round < rounds; round++)
{
    twoSilos.Add(await StartOverHttp([firstClient, secondClient], $"two{round}", count, concurrency));
}

Console.WriteLine($"\n3. over HTTP, {concurrency} requests at a time:");
Console.WriteLine($"   baseline, GET /health of one silo:          {Figures(health)} requests/s");
Console.WriteLine($"   five-step instances, one silo:              {Figures(oneSilo)} instances/s completed");
Console.WriteLine($"   five-step instances, two silos, one cluster: {Figures(twoSilos)} instances/s completed ({Median(twoSilos) / Median(oneSilo):F2}x one silo)");

resumeTimes.Sort();
Console.WriteLine($"\n4. approval decision to resumed and persisted, one at a time: p50 {P(resumeTimes, 0.5):F2} ms, p99 {P(resumeTimes, 0.99):F2} ms");
return;

async Task StartMany(IGrainFactory grains, string prefix, WorkflowDefinition definition, int n)
{
    using var gate = new SemaphoreSlim(64);
    await Task.WhenAll(Enumerable.Range(0, n).Select(async i =>
    {
        await gate.WaitAsync();
        try
        {
            var instance = await grains.GetGrain<IWorkflowInstanceGrain>($"{prefix}-{i}").StartAsync(new StartInstance(definition.Id!, 1, "start", new JsonObject { ["n"] = i }, null));
            if (instance.Status is not (InstanceStatus.Completed or InstanceStatus.Waiting))
            {
                throw new InvalidOperationException($"{prefix}-{i}: {instance.Status}");
            }
        }
        finally
        {
            gate.Release();
        }
    }));
}

// Starts n instances with a business key each, spread over the clients; checks that each answered 201 Completed.
Task<double> StartOverHttp(HttpClient[] clients, string prefix, int n, int parallel) =>
    RateAsync(clients, n, parallel, async (client, i) =>
    {
        var response = await client.PostAsJsonAsync($"/v1/workflows/{fiveSteps.Id}/instances", new { input = new { n = i }, businessKey = $"{prefix}-{i}" });
        if (response.StatusCode != HttpStatusCode.Created || !(await response.Content.ReadAsStringAsync()).Contains("\"status\":\"Completed\"", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{prefix}-{i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return response;
    });

static async Task<double> RateAsync(HttpClient[] clients, int n, int parallel, Func<HttpClient, int, Task<HttpResponseMessage>> call)
{
    using var gate = new SemaphoreSlim(parallel);
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, n).Select(async i =>
    {
        await gate.WaitAsync();
        try
        {
            using var response = await call(clients[i % clients.Length], i);
            response.EnsureSuccessStatusCode();
        }
        finally
        {
            gate.Release();
        }
    }));
    return n / clock.Elapsed.TotalSeconds;
}

static async Task<ServiceProcess> StartSiloAsync(string redis, string cluster, string signingKey) =>
    await ServiceProcess.StartAsync("Integration.Workflows", new Dictionary<string, string>
    {
        ["ConnectionStrings__redis"] = redis,
        ["Auth__SigningKey"] = signingKey,
        ["Orleans__ClusterId"] = cluster,
        ["Orleans__Endpoints__AdvertisedIPAddress"] = "127.0.0.1",
        ["Orleans__Endpoints__SiloPort"] = TestPorts.Free().ToString(CultureInfo.InvariantCulture),
        ["Orleans__Endpoints__GatewayPort"] = TestPorts.Free().ToString(CultureInfo.InvariantCulture),
        ["Logging__LogLevel__Default"] = "Warning",
        // No governance service here: a gate's rule check fails at once (a closed port) and a human decides.
        ["services__governance__http__0"] = "http://127.0.0.1:1",
    });

static HttpClient Client(string url, string signingKey, int connections)
{
    var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(2) };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
        TokenIssuer.Issue(new AuthOptions { SigningKey = signingKey }, "bench", [Roles.Designer], TimeSpan.FromHours(2), TimeProvider.System).AccessToken);
    return client;
}

static async Task PublishAsync(HttpClient client, WorkflowDefinition definition)
{
    using var saved = await client.PutAsJsonAsync($"/v1/definitions/{definition.Id}", definition, JsonSerializerOptions.Web);
    var version = (await saved.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonElement>()).GetProperty("version").GetInt32();
    (await client.PostAsync($"/v1/definitions/{definition.Id}/versions/{version}/publish", null)).EnsureSuccessStatusCode();
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

static double Median(List<double> values) => P(values, 0.5);

static string Figures(List<double> values) => $"median {Median(values):F0} (min {values.Min():F0}, max {values.Max():F0})";

/// <summary>The workflow service with its silo, in this process, quiet, on free ports.</summary>
internal sealed class Silo(string redis) : WebApplicationFactory<DefinitionStore>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseContentRoot(AppContext.BaseDirectory);
        builder.UseSetting("ConnectionStrings:redis", redis);
        builder.UseSetting("Auth:SigningKey", RandomNumberGenerator.GetHexString(64));
        // No governance service here: the gate's rule check fails at once (a closed port) and a human decides, as in production when it is down.
        builder.UseSetting("services:governance:http:0", "http://127.0.0.1:1");
        builder.UseSetting("Orleans:ClusterId", $"bench-{Guid.NewGuid():N}");
        builder.UseSetting("Orleans:Endpoints:AdvertisedIPAddress", "127.0.0.1");
        builder.UseSetting("Orleans:Endpoints:SiloPort", TestPorts.Free().ToString(CultureInfo.InvariantCulture));
        builder.UseSetting("Orleans:Endpoints:GatewayPort", TestPorts.Free().ToString(CultureInfo.InvariantCulture));
        builder.ConfigureLogging(logging => logging.ClearProviders());
    }
}
