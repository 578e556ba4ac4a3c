using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;

namespace Integration.EndToEnd.Tests;

[CollectionDefinition(nameof(Destructive), DisableParallelization = true)]
public sealed class Destructive;

/// <summary>
/// A workflow silo killed outright (SIGKILL) while instances are running steps and waiting at gates: the other silo,
/// and the killed one once the app host has started it again, complete every instance; each SaaS side effect happens
/// once; a waiting instance's SLA still decides its gate. Runs alone, after the other tests, since it kills a shared silo.
/// </summary>
[Collection(nameof(Destructive))]
public sealed class SiloCrashTests(SuiteFixture suite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_silo_killed_mid_run_loses_no_instance_and_repeats_no_side_effect()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var (stepping, waiting) = ($"crash-steps-{run}", $"crash-gate-{run}");
        using var designer = suite.CreateHttpClient("workflows", "dora", Roles.Designer);
        await PublishAsync(designer, stepping, new object[]
        {
            new { id = "on-event", type = "trigger.connectorEvent", inputs = new { eventType = $"{stepping}.created" } },
            new { id = "comment", type = "connector.call", inputs = new { operation = "zendesk.ticket.addComment", input = "({ ticketId: event.data.ticketId, body: event.data.marker, public: false })" } },
            new { id = "pause", type = "flow.delay", inputs = new { duration = "PT2S" } },
            new { id = "case", type = "connector.call", inputs = new { operation = "salesforce.case.create", input = "({ fields: { Subject: event.data.marker, Origin: 'Web' } })" } },
            new { id = "end", type = "flow.end" },
        }, [("on-event", "comment", null), ("comment", "pause", null), ("pause", "case", null), ("case", "end", null)]);
        await PublishAsync(designer, waiting, new object[]
        {
            new { id = "on-event", type = "trigger.connectorEvent", inputs = new { eventType = $"{waiting}.created" } },
            new { id = "review", type = "approval.gate", inputs = new { assignees = new[] { "role:reviewer" }, sla = "PT40S", onSlaBreach = "reject" } },
            new { id = "sent", type = "flow.end", inputs = new { outputs = "({ sent: true })" } },
            new { id = "dropped", type = "flow.end", inputs = new { outputs = "({ sent: false })" } },
        }, [("on-event", "review", "done"), ("review", "sent", "approved"), ("review", "dropped", "rejected")]);

        using var connectors = suite.CreateHttpClient("connectors", "workflows", Roles.Service);
        var ticket = (await InvokeAsync(connectors, "zendesk.ticket.create", new { subject = $"Crash test {run}", body = "Comments from the crash test." }))
            .GetProperty("ticket").GetProperty("id").GetInt64();
        // Slow Zendesk calls, so that the kill finds steps in flight.
        using var integrator = suite.CreateHttpClient("sandbox", "ian", Roles.Integrator);
        (await integrator.PutAsJsonAsync("/sandbox/faults", new { latencyMs = 1500, vendors = "zendesk" }, Cancel)).EnsureSuccessStatusCode();
        try
        {
            using var intake = suite.CreateHttpClient("workflows", "connectors", Roles.Service);
            var markers = Enumerable.Range(0, 8).Select(i => $"crash-{run}-{i}").ToList();
            var steppingInstances = new List<string>();
            foreach (var marker in markers)
            {
                steppingInstances.Add(await AcceptAsync(intake, $"{stepping}.created", new { ticketId = ticket, marker }));
            }

            var waitingInstances = new List<string>();
            for (var i = 0; i < 3; i++)
            {
                waitingInstances.Add(await AcceptAsync(intake, $"{waiting}.created", new { marker = $"gate-{run}-{i}" }));
            }

            // Kill one silo outright once instances are under way.
            await Task.Delay(1500, Cancel);
            var silo = ProcessInfo.TreeOf(Environment.ProcessId).First(p => p.CommandLine.EndsWith("/Integration.Workflows", StringComparison.Ordinal));
            Assert.Equal(0, ProcessInfo.Kill(silo.Pid, 9));

            var deadline = DateTime.UtcNow.AddMinutes(5);
            foreach (var instance in steppingInstances.Concat(waitingInstances))
            {
                await UntilCompletedAsync(designer, instance, deadline);
            }

            // Each side effect once: one comment per marker on the ticket, one case per marker in Salesforce.
            var comments = (await InvokeAsync(connectors, "zendesk.ticket.comments", new { ticketId = ticket })).GetProperty("comments").EnumerateArray()
                .Select(c => c.GetProperty("body").GetString()!).ToList();
            var cases = (await InvokeAsync(connectors, "salesforce.query", new { soql = $"SELECT Id, Subject FROM Case WHERE Subject LIKE 'crash-{run}-%'" }))
                .GetProperty("records").EnumerateArray().Select(r => r.GetProperty("Subject").GetString()!).ToList();
            Assert.All(markers, marker =>
            {
                Assert.Single(comments, c => c.Contains(marker, StringComparison.Ordinal));
                Assert.Single(cases, s => s == marker);
            });

            // The waiting instances were rejected by their SLA, whichever silo woke them.
            foreach (var instance in waitingInstances)
            {
                var state = await designer.GetFromJsonAsync<JsonElement>($"/v1/instances/{instance}", Cancel);
                Assert.False(state.GetProperty("outputs").GetProperty("sent").GetBoolean());
            }

            // The app host started the killed silo again: two silos in the cluster.
            Assert.Contains(ProcessInfo.TreeOf(Environment.ProcessId), p => p.CommandLine.EndsWith("/Integration.Workflows", StringComparison.Ordinal) && p.Pid != silo.Pid);
        }
        finally
        {
            await integrator.DeleteAsync("/sandbox/faults", Cancel);
        }
    }

    private static async Task PublishAsync(HttpClient designer, string id, object[] activities, (string From, string To, string? Outcome)[] connections)
    {
        using var saved = await designer.PutAsJsonAsync($"/v1/definitions/{id}", new
        {
            id, name = id, activities,
            connections = connections.Select(c => new { from = c.From, to = c.To, outcome = c.Outcome }),
        }, Cancel);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync(Cancel));
        var version = (await saved.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("version").GetInt32();
        (await designer.PostAsync($"/v1/definitions/{id}/versions/{version}/publish", null, Cancel)).EnsureSuccessStatusCode();
    }

    /// <summary>Sends a trigger event as the connector service does; the workflow service accepts it durably and says which instance it starts.</summary>
    private static async Task<string> AcceptAsync(HttpClient intake, string type, object data)
    {
        using var response = await intake.PostAsJsonAsync("/v1/triggers/events", new
        {
            id = Guid.NewGuid().ToString(), source = "zendesk:zendesk", type, subject = "crash-test", time = DateTimeOffset.UtcNow, data,
        }, Cancel);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("started")[0].GetString()!;
    }

    /// <summary>Polls through the outage: a request the killed silo was serving fails, the next goes to the other one.</summary>
    private static async Task UntilCompletedAsync(HttpClient designer, string instance, DateTime deadline)
    {
        var last = "";
        while (true)
        {
            try
            {
                using var response = await designer.GetAsync($"/v1/instances/{instance}", Cancel);
                last = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}";
                if (response.IsSuccessStatusCode && (await response.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("status").GetString() == "Completed")
                {
                    return;
                }
            }
            catch (HttpRequestException e)
            {
                last = e.Message;
            }

            Assert.True(DateTime.UtcNow < deadline, $"Instance {instance} did not complete after the crash: {last[..Math.Min(last.Length, 1500)]}");
            await Task.Delay(500, Cancel);
        }
    }

    private static async Task<JsonElement> InvokeAsync(HttpClient connectors, string operation, object input)
    {
        using var response = await connectors.PostAsJsonAsync($"/v1/operations/{operation}/invoke", new { input, idempotencyKey = Guid.NewGuid().ToString() }, Cancel);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Cancel);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{operation}: {body}");
        return body.GetProperty("output");
    }
}
