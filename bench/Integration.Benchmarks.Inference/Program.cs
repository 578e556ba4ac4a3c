// Inference gateway figures, all in one run on this machine:
//  1. gateway overhead: the same classify request sent straight to an upstream Ollama-compatible server
//     (an embedded inference service on its own port) and through the gateway (a second inference service
//     whose "upstream" backend is the first, reached with OllamaSharp); the difference is what the gateway adds;
//  2. embedded classify: throughput and latency in process (the model alone) and over HTTP (the whole API);
//  3. quality: recall@5 of the shipped knowledge base on its labeled query set.
//   dotnet run -c Release --project bench/Integration.Benchmarks.Inference -- [seconds per measurement]
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Integration.Benchmarks.Inference;
using Integration.Testing;
using Integration.Inference.Engine;
using Integration.Inference.Gateway;
using Integration.ServiceDefaults.Auth;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

var seconds = args.Length > 0 ? double.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 5;
await using var redis = await TestRedis.StartAsync();
using var upstream = InferenceService.Start(redis.ConnectionString);
var upstreamToken = upstream.Token("gateway", Roles.Service);
using var gateway = InferenceService.Start(redis.ConnectionString, new Dictionary<string, string?>
{
    ["Inference:Backends:upstream:Kind"] = "Ollama",
    ["Inference:Backends:upstream:Endpoint"] = upstream.Address.ToString().TrimEnd('/'),
    ["Inference:Backends:upstream:ApiKey"] = upstreamToken,
    ["Inference:Backends:upstream:MaxConcurrency"] = "256",
    ["Inference:Models:remote-classifier:Backend"] = "upstream",
    ["Inference:Models:remote-classifier:BackendModel"] = "ticket-classifier",
    ["Inference:Models:remote-classifier:Task"] = "Classify",
});
Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}, {seconds:0.#} s per measurement; client, gateway, upstream and Redis on this machine");

var ticket = ShippedData.Load(Path.Combine(AppContext.BaseDirectory, "Data")).Tickets[0].Text;
using var direct = Client(upstream.Address, upstreamToken);
using var viaGateway = Client(gateway.Address, gateway.Token("bench", Roles.Designer));
HttpContent Chat(string model) => JsonContent.Create(new { model, stream = false, messages = new[] { new { role = "user", content = ticket } } });

// 1. Gateway overhead: interleaved pairs, so both paths see the same machine state.
for (var i = 0; i < 500; i++)
{
    await Send(direct, "ticket-classifier");
    await Send(viaGateway, "remote-classifier");
}

var directTimes = new List<double>();
var gatewayTimes = new List<double>();
var until = Stopwatch.StartNew();
while (until.Elapsed.TotalSeconds < seconds * 2)
{
    directTimes.Add(await Send(direct, "ticket-classifier"));
    gatewayTimes.Add(await Send(viaGateway, "remote-classifier"));
}

// The baseline of a hop: an authenticated round trip that does no work at all.
var versionTimes = new List<double>();
until.Restart();
while (until.Elapsed.TotalSeconds < seconds)
{
    var clock = Stopwatch.StartNew();
    using var response = await direct.GetAsync("/api/version");
    await response.Content.ReadAsByteArrayAsync();
    versionTimes.Add(clock.Elapsed.TotalMicroseconds);
}

// What the gateway itself computes for a request, without HTTP: prepare (model, split, limits, format), route, answer, meter.
var inProcessGateway = gateway.Services.GetRequiredService<InferenceGateway>();
var gatewayWork = new List<double>();
until.Restart();
while (until.Elapsed.TotalSeconds < seconds)
{
    var clock = Stopwatch.StartNew();
    var prepared = await inProcessGateway.PrepareAsync(new ChatCall("ticket-classifier", [new ChatMessage(ChatRole.User, ticket)], null, "$.format",
        new ChatOptions(), "bench", "bench"));
    await inProcessGateway.ChatAsync(prepared, CancellationToken.None);
    gatewayWork.Add(clock.Elapsed.TotalMicroseconds);
}

versionTimes.Sort();
gatewayWork.Sort();
directTimes.Sort();
gatewayTimes.Sort();
Console.WriteLine($"\n1. gateway overhead, one request at a time, {directTimes.Count} pairs:");
Console.WriteLine($"   straight to the upstream server : p50 {P(directTimes, 0.50):F0} µs, p99 {P(directTimes, 0.99):F0} µs");
Console.WriteLine($"   through the gateway             : p50 {P(gatewayTimes, 0.50):F0} µs, p99 {P(gatewayTimes, 0.99):F0} µs");
Console.WriteLine($"   added by the gateway            : p50 {P(gatewayTimes, 0.50) - P(directTimes, 0.50):F0} µs, p99 {P(gatewayTimes, 0.99) - P(directTimes, 0.99):F0} µs");
Console.WriteLine($"   for scale, one authenticated round trip doing nothing (GET /api/version): p50 {P(versionTimes, 0.50):F0} µs, p99 {P(versionTimes, 0.99):F0} µs");
Console.WriteLine($"   and the gateway's own work in process for an embedded classify (no HTTP): p50 {P(gatewayWork, 0.50):F0} µs, p99 {P(gatewayWork, 0.99):F0} µs");

// 2a. The classifier alone, in process, on every core: reading words alone (the baseline) and words and meaning (the
// default: each classification embeds its text first).
var shippedData = ShippedData.Load(Path.Combine(AppContext.BaseDirectory, "Data"));
var tickets = shippedData.Tickets.Select(t => t.Text).ToArray();
var sentences = new SentenceEmbedder();
Console.WriteLine($"\n2. embedded classify ({tickets.Length} shipped tickets, round robin):");
foreach (var features in Enum.GetValues<ClassifierFeatures>())
{
    var classifier = TextClassifier.Train(shippedData.Tickets, features, sentences);
    var inProcess = new List<double>[Environment.ProcessorCount];
    var counted = 0L;
    until.Restart();
    await Task.WhenAll(Enumerable.Range(0, Environment.ProcessorCount).Select(worker => Task.Run(() =>
    {
        var times = inProcess[worker] = [];
        var clock = new Stopwatch();
        for (var i = worker; until.Elapsed.TotalSeconds < seconds; i += Environment.ProcessorCount)
        {
            clock.Restart();
            classifier.Classify($"{tickets[i % tickets.Length]} (ref {i})"); // never the same text twice: no embedding remembered
            times.Add(clock.Elapsed.TotalMicroseconds);
            Interlocked.Increment(ref counted);
        }
    })));
    var elapsed = until.Elapsed.TotalSeconds;
    var allInProcess = inProcess.SelectMany(t => t).Order().ToList();
    Console.WriteLine($"   in process, {Environment.ProcessorCount} threads, reading {features,-15}: {counted / elapsed:F0} classifications/s, p50 {P(allInProcess, 0.5):F0} µs, p99 {P(allInProcess, 0.99):F0} µs");
}

// 2b. The whole API: HTTP, token, JSON, token counting, routing, metering, over loopback.
foreach (var concurrency in new[] { 8, 32 })
{
    var httpTimes = new List<double>[concurrency];
    var requests = 0L;
    until.Restart();
    await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async worker =>
    {
        var times = httpTimes[worker] = [];
        for (var i = worker; until.Elapsed.TotalSeconds < seconds; i += concurrency)
        {
            var clock = Stopwatch.StartNew();
            using var response = await viaGateway.PostAsync("/api/chat",
                JsonContent.Create(new { model = "ticket-classifier", stream = false, messages = new[] { new { role = "user", content = $"{tickets[i % tickets.Length]} (ref {concurrency}-{i})" } } }));
            response.EnsureSuccessStatusCode();
            await response.Content.ReadAsByteArrayAsync();
            times.Add(clock.Elapsed.TotalMicroseconds);
            Interlocked.Increment(ref requests);
        }
    }));
    var elapsed = until.Elapsed.TotalSeconds;
    var all = httpTimes.SelectMany(t => t).Order().ToList();
    Console.WriteLine($"   over HTTP (the served version: words and meaning), {concurrency,2} concurrent clients: {requests / elapsed:F0} requests/s, p50 {P(all, 0.5):F0} µs, p99 {P(all, 0.99):F0} µs");
}

// 3. Retrieval quality on the labeled query set.
using var set = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Data", "kb-queries.synthetic.json")));
var queries = set.RootElement.GetProperty("queries").EnumerateArray().ToList();
var (hits, reciprocal) = (0, 0.0);
foreach (var query in queries)
{
    var relevant = query.GetProperty("relevant").EnumerateArray().Select(r => r.GetString()).ToHashSet();
    using var response = await viaGateway.PostAsJsonAsync("/v1/kb/collections/support/retrieve", new { query = query.GetProperty("query").GetString(), top = 5 });
    var found = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("passages").EnumerateArray().Select(p => p.GetProperty("documentId").GetString()).ToList();
    var rank = found.FindIndex(relevant.Contains);
    (hits, reciprocal) = (hits + (rank >= 0 ? 1 : 0), reciprocal + (rank >= 0 ? 1.0 / (rank + 1) : 0));
}

Console.WriteLine($"\n3. knowledge base: recall@5 {(double)hits / queries.Count:P1}, MRR {reciprocal / queries.Count:F3} over {queries.Count} labeled queries (the default mode, dense)");

async Task<double> Send(HttpClient client, string model)
{
    var clock = Stopwatch.StartNew();
    using var response = await client.PostAsync("/api/chat", Chat(model));
    response.EnsureSuccessStatusCode();
    await response.Content.ReadAsByteArrayAsync();
    return clock.Elapsed.TotalMicroseconds;
}

static HttpClient Client(Uri address, string token)
{
    var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = address };
    client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    return client;
}

static double P(List<double> sorted, double quantile) => sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * quantile))];
