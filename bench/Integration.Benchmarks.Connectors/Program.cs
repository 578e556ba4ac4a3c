// Connector figures, in one run on this machine, against the real Sandbox (its own process, Redis behind it):
//  1. a full paged sync of 10,000 Zendesk tickets with cursor pagination (100 per page): straight to the Sandbox's
//     API with an HTTP client, and through the connector service (zendesk.ticket.list, page after page); and the same
//     sync through the connector with Zendesk's incremental export (zendesk.ticket.export, 1,000 per page);
//  2. per-call overhead: the same ticket read straight from the Sandbox and through the connector (zendesk.ticket.get),
//     one call at a time, alternately.
//   dotnet run -c Release --project bench/Integration.Benchmarks.Connectors -- [rounds]
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Integration.Benchmarks.Connectors;
using Integration.Testing;
using Integration.ServiceDefaults.Auth;

var rounds = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 3;
var signingKey = RandomNumberGenerator.GetHexString(64);
var zendeskToken = RandomNumberGenerator.GetHexString(32);
await using var sandboxRedis = await TestRedis.StartAsync();
await using var sandbox = await ServiceProcess.StartAsync("Integration.Sandbox", new Dictionary<string, string>
{
    ["ConnectionStrings__redis"] = sandboxRedis.ConnectionString,
    ["Auth__SigningKey"] = signingKey,
    ["Sandbox__Zendesk__ApiToken"] = zendeskToken,
    ["Sandbox__Zendesk__WebhookSecret"] = RandomNumberGenerator.GetHexString(32),
    ["Sandbox__Zendesk__RequestsPerMinute"] = "1000000",
    // Zendesk's minute of lag and 10 exports a minute would measure the wait, not the sync.
    ["Sandbox__Zendesk__IncrementalExportLagSeconds"] = "0",
    ["Sandbox__Zendesk__IncrementalExportsPerMinute"] = "1000000",
    ["Sandbox__Salesforce__ClientSecret"] = RandomNumberGenerator.GetHexString(32),
    ["Sandbox__Sap__Password"] = RandomNumberGenerator.GetHexString(24),
    ["Logging__LogLevel__Default"] = "Warning",
});
var sandboxUrl = sandbox.Url;
var connectorRedis = await TestRedis.StartAsync();
using var connectors = ConnectorService.Start(new Dictionary<string, string?>
{
    ["ConnectionStrings:redis"] = connectorRedis.ConnectionString,
    ["Auth:SigningKey"] = signingKey,
    ["Connectors:PollInterval"] = "00:00:00",
    ["Logging:LogLevel:Default"] = "Error",
    ["Connectors:Connections:zendesk:Kind"] = "Zendesk",
    ["Connectors:Connections:zendesk:Email"] = "integration@example.com",
    ["Connectors:Connections:zendesk:BaseUrl"] = sandboxUrl + "/zendesk",
    ["Connectors:Connections:zendesk:ApiToken"] = zendeskToken,
    ["Connectors:Connections:zendesk:MaxConcurrency"] = "64",
});

var admin = Client(sandboxUrl, new AuthenticationHeaderValue("Bearer", Token("ada", Roles.Admin)));
var generated = await (await admin.PostAsJsonAsync("/sandbox/zendesk/tickets/generate", new { count = 10_000 })).Content.ReadFromJsonAsync<JsonElement>();
var total = generated.GetProperty("total").GetInt64();
var direct = Client(sandboxUrl, new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"integration@example.com/token:{zendeskToken}"))));
var viaConnector = Client(connectors.ClientOptions.BaseAddress.ToString(), new AuthenticationHeaderValue("Bearer", Token("bench", Roles.Service)));
Console.WriteLine($"{Environment.ProcessorCount} cores, .NET {Environment.Version}; Sandbox, its Redis, the connector service and this client on this machine; {total} tickets");

// 1. Full sync, alternating direct and through the connector, a few rounds.
var directRates = new List<double>();
var connectorRates = new List<double>();
var exportRates = new List<double>();
for (var round = 0; round <= rounds; round++)
{
    var (directCount, directSeconds) = await SyncDirect();
    var (connectorCount, connectorSeconds) = await SyncThroughConnector();
    var (exportCount, exportSeconds) = await ExportThroughConnector();
    if (round == 0)
    {
        continue; // warm-up
    }

    directRates.Add(directCount / directSeconds);
    connectorRates.Add(connectorCount / connectorSeconds);
    exportRates.Add(exportCount / exportSeconds);
    Console.WriteLine($"   round {round}: direct {directCount} in {directSeconds:F2} s, through the connector {connectorCount} in {connectorSeconds:F2} s, " +
        $"incremental export through the connector {exportCount} in {exportSeconds:F2} s");
}

Console.WriteLine($"\n1. full paged sync, median of {rounds}: direct {Median(directRates):F0} records/s, through the connector {Median(connectorRates):F0} records/s, " +
    $"incremental export through the connector {Median(exportRates):F0} records/s");

// 2. Per-call overhead.
var directTimes = new List<double>();
var connectorTimes = new List<double>();
for (var i = 0; i < 3000; i++)
{
    var id = 1 + i % 50;
    var clock = Stopwatch.StartNew();
    using (var response = await direct.GetAsync($"/zendesk/api/v2/tickets/{id}.json"))
    {
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    var directTime = clock.Elapsed.TotalMicroseconds;
    clock.Restart();
    using (var response = await viaConnector.PostAsJsonAsync("/v1/operations/zendesk.ticket.get/invoke", new { input = new { ticketId = id } }))
    {
        response.EnsureSuccessStatusCode();
        await response.Content.ReadAsByteArrayAsync();
    }

    if (i >= 500)
    {
        directTimes.Add(directTime);
        connectorTimes.Add(clock.Elapsed.TotalMicroseconds);
    }
}

directTimes.Sort();
connectorTimes.Sort();
Console.WriteLine($"\n2. one ticket read, {directTimes.Count} alternating pairs after 500 warm-up pairs:");
Console.WriteLine($"   straight to the Sandbox    : p50 {P(directTimes, 0.5):F0} µs, p99 {P(directTimes, 0.99):F0} µs");
Console.WriteLine($"   through the connector      : p50 {P(connectorTimes, 0.5):F0} µs, p99 {P(connectorTimes, 0.99):F0} µs");
Console.WriteLine($"   added by the connector     : p50 {P(connectorTimes, 0.5) - P(directTimes, 0.5):F0} µs, p99 {P(connectorTimes, 0.99) - P(directTimes, 0.99):F0} µs");
await connectorRedis.DisposeAsync();

async Task<(int Count, double Seconds)> SyncDirect()
{
    var clock = Stopwatch.StartNew();
    var count = 0;
    string? next = "/zendesk/api/v2/tickets.json?page[size]=100";
    while (next is not null)
    {
        var page = await direct.GetFromJsonAsync<JsonElement>(next);
        count += page.GetProperty("tickets").GetArrayLength();
        next = page.GetProperty("meta").GetProperty("has_more").GetBoolean() ? new Uri(page.GetProperty("links").GetProperty("next").GetString()!).PathAndQuery : null;
    }

    return (count, clock.Elapsed.TotalSeconds);
}

async Task<(int Count, double Seconds)> SyncThroughConnector()
{
    var clock = Stopwatch.StartNew();
    var count = 0;
    string? cursor = null;
    bool more;
    do
    {
        using var response = await viaConnector.PostAsJsonAsync("/v1/operations/zendesk.ticket.list/invoke",
            new { input = cursor is null ? (object)new { pageSize = 100 } : new { afterCursor = cursor, pageSize = 100 } });
        var output = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("output");
        count += output.GetProperty("tickets").GetArrayLength();
        cursor = output.GetProperty("afterCursor").GetString();
        more = output.GetProperty("hasMore").GetBoolean();
    }
    while (more);

    return (count, clock.Elapsed.TotalSeconds);
}

async Task<(int Count, double Seconds)> ExportThroughConnector()
{
    var clock = Stopwatch.StartNew();
    var count = 0;
    object input = new { startTime = 0 };
    JsonElement output;
    do
    {
        using var response = await viaConnector.PostAsJsonAsync("/v1/operations/zendesk.ticket.export/invoke", new { input });
        output = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("output");
        count += output.GetProperty("tickets").GetArrayLength();
        input = new { cursor = output.GetProperty("cursor").GetString() };
    }
    while (!output.GetProperty("endOfStream").GetBoolean());

    return (count, clock.Elapsed.TotalSeconds);
}

string Token(string user, string role) =>
    TokenIssuer.Issue(new AuthOptions { SigningKey = signingKey }, user, [role], TimeSpan.FromHours(2), TimeProvider.System).AccessToken;

static HttpClient Client(string baseUrl, AuthenticationHeaderValue authorization)
{
    var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
    client.DefaultRequestHeaders.Authorization = authorization;
    return client;
}

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);

static double P(List<double> sorted, double quantile) => sorted[Math.Min(sorted.Count - 1, (int)(sorted.Count * quantile))];
