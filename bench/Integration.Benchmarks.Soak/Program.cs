// Fault soak: tickets through the flagship (Zendesk ticket → triage → review → reply, case, order look-up) on the whole
// suite (Aspire.Hosting.Testing: DCP, Redis, two workflow silos), first undisturbed (the baseline), then while the
// Sandbox answers a share of calls with 429 and 5xx and one service process is killed (SIGKILL) at random and started
// again by the app host. A reviewer approves every task. Prints, per phase: tickets created, instances completed,
// replies posted (exactly one per completed ticket), instances stopped for a human (an ambiguous write), events lost,
// time to recover.
//   dotnet run -c Release --project bench/Integration.Benchmarks.Soak -- [tickets per phase] [minutes allowed per phase] [service to kill]
// (the service to kill: workflows, connectors, governance or inference; one at random when not given)
using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

var tickets = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 20;
var limit = TimeSpan.FromMinutes(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 6);
var victim = args.Length > 2 ? "Integration." + char.ToUpperInvariant(args[2][0]) + args[2][1..] : null;
var signingKey = RandomNumberGenerator.GetHexString(64);
var zendeskToken = RandomNumberGenerator.GetHexString(32);
var data = Directory.CreateTempSubdirectory("soak-redis-").FullName;
Console.WriteLine($"{Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}; {tickets} tickets per phase");

var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.Integration_AppHost>(
    ["--Ollama:Disabled=true", $"--Redis:DataDirectory={data}", "--Workflows:Replicas=2", $"--Parameters:jwt-signing-key={signingKey}", $"--Parameters:zendesk-api-token={zendeskToken}"]);
// Resources failing health checks while they start, and every HTTP call this program makes, are no news here.
builder.Services.AddLogging(l => l.AddFilter("Microsoft", LogLevel.Warning).AddFilter("Aspire", LogLevel.Warning).AddFilter("Integration.AppHost", LogLevel.Warning)
    .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None).AddFilter("System.Net.Http", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning));
await using var app = await builder.BuildAsync();
await app.StartAsync();
foreach (var resource in new[] { "redis", "sandbox", "inference", "governance", "connectors", "workflows", "portal" })
{
    await app.ResourceNotifications.WaitForResourceHealthyAsync(resource).WaitAsync(TimeSpan.FromMinutes(5));
}

// Ctrl+C or SIGTERM ends the soak early; the app host then stops everything it started.
using var stopping = new CancellationTokenSource();
using var onInterrupt = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGINT, c => { c.Cancel = true; stopping.Cancel(); });
using var onTerminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stopping.Cancel(); });

var soak = new Soak(app, signingKey, zendeskToken, limit, victim, stopping.Token);
PhaseResult baseline, faulted;
try
{
    baseline = await soak.RunAsync("baseline: no faults", tickets, faults: null, kill: false);
    faulted = await soak.RunAsync("faults: 429 20% and 5xx 3% of SaaS calls, one service killed", tickets,
        faults: new { rateLimitShare = 0.2, serverErrorShare = 0.03, retryAfterSeconds = 1 }, kill: true);
}
catch (OperationCanceledException) when (stopping.IsCancellationRequested)
{
    Console.WriteLine("Stopped before the end; no figures.");
    await app.StopAsync();
    return 1;
}

Console.WriteLine();
Console.WriteLine("| phase | tickets | completed | replies (exactly one each) | stopped for a human | events lost | duplicates | all done in s | killed | back in s |");
Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
foreach (var r in new[] { baseline, faulted })
{
    Console.WriteLine($"| {r.Phase} | {r.Tickets} | {r.Completed} | {r.ExactlyOneReply} | {r.Incidents} | {r.Lost} | {r.Duplicates} | {r.Seconds:F1} | {r.Killed ?? "-"} | {(r.RecoverSeconds is { } s ? s.ToString("F1") : "-")} |");
}

await app.StopAsync();
Directory.Delete(data, recursive: true);
return 0;

internal sealed record PhaseResult(string Phase, int Tickets, int Completed, int ExactlyOneReply, int Incidents, int Lost, int Duplicates, double Seconds, string? Killed, double? RecoverSeconds);

internal sealed class Soak(DistributedApplication app, string signingKey, string zendeskToken, TimeSpan limit, string? victim, CancellationToken stopping)
{
    private static readonly string[] Victims = ["Integration.Workflows", "Integration.Connectors", "Integration.Governance", "Integration.Inference"];

    private HttpClient Client(string resource, string user, params string[] roles)
    {
        var client = app.CreateHttpClient(resource);
        client.Timeout = TimeSpan.FromMinutes(2);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
            TokenIssuer.Issue(new AuthOptions { SigningKey = signingKey }, user, roles, TimeSpan.FromHours(2), TimeProvider.System).AccessToken);
        return client;
    }

    public async Task<PhaseResult> RunAsync(string phase, int count, object? faults, bool kill)
    {
        using var sandboxAdmin = Client("sandbox", "soak", Roles.Integrator);
        using var zendesk = app.CreateHttpClient("sandbox");
        zendesk.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"integration@example.com/token:{zendeskToken}")));
        using var reviewer = Client("workflows", "rex", Roles.Reviewer);
        using var designer = Client("workflows", "dora", Roles.Designer);
        using var integrator = Client("connectors", "ian", Roles.Integrator);

        if (faults is not null)
        {
            (await sandboxAdmin.PutAsJsonAsync("/sandbox/faults", faults)).EnsureSuccessStatusCode();
        }

        var clock = Stopwatch.StartNew();
        var created = new List<long>();
        for (var i = 0; i < count; i++)
        {
            // A customer writes to Zendesk; Zendesk's 429s are waited out, as any client does.
            created.Add(await CreateTicketAsync(zendesk, $"Soak {phase[..4]} {i}: my order ORD-{100000 + i} never arrived",
                $"Hello, this is Vera Walsh. My order ORD-{100000 + i} never arrived. Please call me on +49 151 2345678."));
        }

        string? killed = null;
        var killedAt = TimeSpan.Zero;
        ProcessInfo? victimProcess = null;
        var replicas = 0;
        Console.WriteLine($"{phase}: {created.Count} tickets created in {clock.Elapsed.TotalSeconds:F1} s");
        using var phaseDone = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var reviewing = ReviewAsync(reviewer, phaseDone.Token);
        if (kill)
        {
            await Task.Delay(TimeSpan.FromSeconds(3), stopping);
            var project = victim ?? Victims[Random.Shared.Next(Victims.Length)];
            replicas = ProcessesOf(project).Count;
            victimProcess = ProcessesOf(project).First();
            _ = ProcessInfo.Kill(victimProcess.Pid, 9);
            killed = project.Replace("Integration.", "", StringComparison.Ordinal).ToLowerInvariant();
            killedAt = clock.Elapsed;
            Console.WriteLine($"{phase}: killed {killed} (pid {victimProcess.Pid}, one of {replicas}) at {killedAt.TotalSeconds:F1} s");
        }

        double? recovered = null;
        var instances = new Dictionary<long, string?>();
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            // Back: the app host has started a new process in place of the killed one, and the service answers.
            if (victimProcess is not null && recovered is null && ProcessesOf("Integration." + Capitalized(killed!)) is { } now
                && now.Count == replicas && now.All(p => p.Pid != victimProcess.Pid) && await IsHealthyAsync(killed!))
            {
                recovered = (clock.Elapsed - killedAt).TotalSeconds;
                Console.WriteLine($"{phase}: {killed} running and healthy again after {recovered:F1} s");
            }

            foreach (var ticket in created.Where(t => !instances.TryGetValue(t, out var s) || s is not ("Completed" or "Incident" or "Failed")))
            {
                instances[ticket] = await StatusAsync(designer, integrator, ticket);
            }

            if (instances.Count == created.Count && instances.Values.All(s => s is "Completed" or "Incident" or "Failed") && (killed is null || recovered is not null))
            {
                break;
            }

            await Task.Delay(1000, stopping);
        }

        var seconds = clock.Elapsed.TotalSeconds;
        foreach (var ticket in created.Where(t => instances.GetValueOrDefault(t) is null))
        {
            await StatusAsync(designer, integrator, ticket, explain: true);
        }

        await phaseDone.CancelAsync();
        await reviewing;
        if (faults is not null)
        {
            await sandboxAdmin.DeleteAsync("/sandbox/faults");
        }

        // Replies on each ticket: the customer's first comment, then the suite's.
        var replies = new List<int>();
        foreach (var ticket in created)
        {
            replies.Add(await RepliesAsync(zendesk, ticket));
        }

        var completed = created.Where(t => instances.GetValueOrDefault(t) == "Completed").ToList();
        return new PhaseResult(phase, count, completed.Count, completed.Count(t => replies[created.IndexOf(t)] == 1),
            instances.Values.Count(s => s is "Incident" or "Failed"), created.Count(t => instances.GetValueOrDefault(t) is null), replies.Count(r => r > 1),
            seconds, killed, recovered);
    }

    private static List<ProcessInfo> ProcessesOf(string project) =>
        ProcessInfo.TreeOf(Environment.ProcessId).Where(p => p.CommandLine.EndsWith("/" + project, StringComparison.Ordinal) && p.IsRunning()).ToList();

    private static string Capitalized(string name) => char.ToUpperInvariant(name[0]) + name[1..];

    private async Task<bool> IsHealthyAsync(string resource)
    {
        try
        {
            using var client = app.CreateHttpClient(resource);
            return (await client.GetAsync("/health")).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    private async Task<long> CreateTicketAsync(HttpClient zendesk, string subject, string body)
    {
        while (true)
        {
            using var response = await zendesk.PostAsJsonAsync("/zendesk/api/v2/tickets.json", new
            {
                ticket = new { subject, comment = new { body }, requester = new { name = "Vera Walsh", email = "vera.walsh@example.net" } },
            });
            if (response.IsSuccessStatusCode)
            {
                return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ticket").GetProperty("id").GetInt64();
            }

            await Task.Delay(response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1), stopping);
        }
    }

    /// <summary>Approves every task that reaches the inbox, as a reviewer would, until the phase is over.</summary>
    private static async Task ReviewAsync(HttpClient reviewer, CancellationToken done)
    {
        while (!done.IsCancellationRequested)
        {
            try
            {
                foreach (var task in (await reviewer.GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", done)).EnumerateArray())
                {
                    using var _ = await reviewer.PostAsJsonAsync($"/v1/approvals/{task.GetProperty("id").GetString()}/decide", new { decision = "approve" }, done);
                }

                await Task.Delay(500, done);
            }
            catch (HttpRequestException)
            {
                // A silo was killed while it answered: ask again.
            }
            catch (OperationCanceledException) when (done.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// The flagship instance a ticket started: named after the trigger event its creation became (the reply posted on the
    /// ticket becomes a <c>zendesk.ticket.updated</c> event too, which starts nothing).
    /// </summary>
    private static async Task<string?> StatusAsync(HttpClient designer, HttpClient integrator, long ticket, bool explain = false)
    {
        try
        {
            using var listing = await integrator.GetAsync("/v1/events?count=500");
            if (!listing.IsSuccessStatusCode)
            {
                Console.WriteLine($"ticket {ticket}: /v1/events answered {(int)listing.StatusCode} {await listing.Content.ReadAsStringAsync()}");
                return null;
            }

            var events = await listing.Content.ReadFromJsonAsync<JsonElement>();
            if (events.GetProperty("recent").EnumerateArray().FirstOrDefault(e => e.GetProperty("subject").GetString() == $"ticket:{ticket}" && e.GetProperty("type").GetString() == "zendesk.ticket.created") is not { ValueKind: JsonValueKind.Object } trigger)
            {
                if (explain)
                {
                    Console.WriteLine($"ticket {ticket}: no event among {events.GetProperty("recent").GetArrayLength()}: {string.Join(", ", events.GetProperty("recent").EnumerateArray().Take(5).Select(e => e.GetProperty("subject").GetString()))}");
                }

                return null;
            }

            var instance = Integration.Workflows.Instances.InstanceIds.Of("zendesk-ticket-triage", trigger.GetProperty("id").GetString()!);
            using var response = await designer.GetAsync($"/v1/instances/{instance}");
            if (explain && !response.IsSuccessStatusCode)
            {
                Console.WriteLine($"ticket {ticket}: instance {instance} answered {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            return response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("status").GetString() : null;
        }
        catch (HttpRequestException e)
        {
            Console.WriteLine($"ticket {ticket}: {e.Message}");
            return null;
        }
    }

    private async Task<int> RepliesAsync(HttpClient zendesk, long ticket)
    {
        while (true)
        {
            using var response = await zendesk.GetAsync($"/zendesk/api/v2/tickets/{ticket}/comments.json");
            if (response.IsSuccessStatusCode)
            {
                return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("comments").GetArrayLength() - 1;
            }

            await Task.Delay(500, stopping);
        }
    }
}
