using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;
using Integration.Testing;

namespace Integration.EndToEnd.Tests;

/// <summary>
/// Redis unresponsive, then killed outright (SIGKILL; AOF on), while trigger events arrive and reviewers decide: the app host starts it
/// again; every event the workflow service accepted (202) has its instance; every decision either answered 503 with
/// Retry-After (and was applied when sent again) or was applied, each exactly once; what the API shows is what is kept.
/// </summary>
[Collection(nameof(Destructive))]
public sealed class RedisRestartTests(SuiteFixture suite)
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_redis_restart_under_load_loses_nothing_accepted_and_applies_each_decision_once()
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var workflow = $"outage-{run}";
        using var designer = suite.CreateHttpClient("workflows", "dora", Roles.Designer);
        using var saved = await designer.PutAsJsonAsync($"/v1/definitions/{workflow}", new
        {
            id = workflow, name = workflow,
            activities = new object[]
            {
                new { id = "on-event", type = "trigger.connectorEvent", inputs = new { eventType = $"{workflow}.created" } },
                new { id = "review", type = "approval.gate", inputs = new { assignees = new[] { "role:reviewer" } } },
                new { id = "comment", type = "connector.call", inputs = new { operation = "zendesk.ticket.addComment", input = "({ ticketId: event.data.ticketId, body: event.data.marker, public: false })" } },
                new { id = "end", type = "flow.end" },
                new { id = "dropped", type = "flow.end" },
            },
            connections = new object[]
            {
                new { from = "on-event", to = "review" }, new { from = "review", to = "comment", outcome = "approved" },
                new { from = "review", to = "dropped", outcome = "rejected" }, new { from = "comment", to = "end" },
            },
        }, Cancel);
        Assert.True(saved.IsSuccessStatusCode, await saved.Content.ReadAsStringAsync(Cancel));
        var version = (await saved.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("version").GetInt32();
        (await designer.PostAsync($"/v1/definitions/{workflow}/versions/{version}/publish", null, Cancel)).EnsureSuccessStatusCode();
        using var connectors = suite.CreateHttpClient("connectors", "workflows", Roles.Service);
        var ticket = (await InvokeAsync(connectors, "zendesk.ticket.create", new { subject = $"Outage {run}", body = "Comments from the outage test." }))
            .GetProperty("ticket").GetProperty("id").GetInt64();

        // Before the outage: instances waiting for a reviewer.
        using var intake = suite.CreateHttpClient("workflows", "connectors", Roles.Service);
        var accepted = new ConcurrentDictionary<string, string>(); // marker -> instance
        for (var i = 0; i < 6; i++)
        {
            var marker = $"outage-{run}-before-{i}";
            Assert.True(await TryAcceptAsync(intake, workflow, ticket, marker, accepted), "accepted before the outage");
        }

        using var reviewer = suite.CreateHttpClient("workflows", "rex", Roles.Reviewer);
        var tasks = new List<string>();
        foreach (var instance in accepted.Values)
        {
            tasks.Add(await TaskOfAsync(reviewer, instance));
        }

        // The outage: Redis killed while events keep arriving and the reviewer decides every waiting task.
        using var stopLoad = new CancellationTokenSource();
        var load = Task.Run(async () =>
        {
            for (var i = 0; !stopLoad.IsCancellationRequested; i++)
            {
                await TryAcceptAsync(intake, workflow, ticket, $"outage-{run}-during-{i}", accepted);
                await Task.Delay(100, CancellationToken.None);
            }
        }, CancellationToken.None);
        // First it hangs (SIGSTOP: commands time out, as when Redis is unreachable), then it dies (SIGKILL) and the app
        // host starts it again from its append-only file.
        var redis = ProcessInfo.TreeOf(Environment.ProcessId).Single(p => p.CommandLine.StartsWith("redis-server", StringComparison.Ordinal));
        Assert.Equal(0, ProcessInfo.Kill(redis.Pid, 19));
        var deciding = Task.Run(async () =>
        {
            var refused = 0;
            foreach (var task in tasks)
            {
                refused += await DecideUntilAppliedAsync(reviewer, task);
            }

            return refused;
        }, CancellationToken.None);
        await Task.Delay(TimeSpan.FromSeconds(8), Cancel);
        Assert.Equal(0, ProcessInfo.Kill(redis.Pid, 9));
        var refused = await deciding;

        // The load goes on until Redis has taken some of it again (on a slow machine every call sent during the outage may
        // have been refused, and the decisions done before the next one was sent), within half a minute.
        for (var until = DateTime.UtcNow.AddSeconds(30); !accepted.Keys.Any(m => m.Contains("-during-", StringComparison.Ordinal)) && DateTime.UtcNow < until;)
        {
            await Task.Delay(100, Cancel);
        }

        await stopLoad.CancelAsync();
        await load;

        // Every accepted event has its instance; the decided ones went on once, the others wait for a reviewer.
        var deadline = DateTime.UtcNow.AddMinutes(3);
        var comments = new List<string>();
        foreach (var (marker, instance) in accepted)
        {
            var decided = marker.Contains("-before-", StringComparison.Ordinal);
            var state = await UntilAsync(designer, instance, decided ? "Completed" : "Waiting", deadline);
            Assert.Equal(decided ? "Completed" : "Waiting", state.GetProperty("status").GetString());
        }

        comments = (await InvokeAsync(connectors, "zendesk.ticket.comments", new { ticketId = ticket })).GetProperty("comments").EnumerateArray()
            .Select(c => c.GetProperty("body").GetString()!).ToList();
        Assert.All(accepted.Keys.Where(m => m.Contains("-before-", StringComparison.Ordinal)), marker => Assert.Single(comments, c => c == marker));
        Assert.DoesNotContain(comments, c => c.Contains("-during-", StringComparison.Ordinal));
        Assert.Contains(accepted.Keys, m => m.Contains("-during-", StringComparison.Ordinal)); // the load went on around the outage
        Assert.True(refused > 0, "No decision met the outage: it did not test what it should.");
        TestContext.Current.TestOutputHelper?.WriteLine($"Decisions refused with 503 during the outage and applied when sent again: {refused}; events accepted: {accepted.Count}");
    }

    /// <summary>Sends one trigger event; true (and the instance recorded) when the workflow service accepted it.</summary>
    private static async Task<bool> TryAcceptAsync(HttpClient intake, string workflow, long ticket, string marker, ConcurrentDictionary<string, string> accepted)
    {
        try
        {
            using var response = await intake.PostAsJsonAsync("/v1/triggers/events", new
            {
                id = marker, source = "zendesk:zendesk", type = $"{workflow}.created", subject = "outage-test", time = DateTimeOffset.UtcNow,
                data = new { ticketId = ticket, marker },
            }, CancellationToken.None);
            if (response.StatusCode != HttpStatusCode.Accepted)
            {
                Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
                Assert.NotNull(response.Headers.RetryAfter);
                return false;
            }

            accepted[marker] = (await response.Content.ReadFromJsonAsync<JsonElement>(CancellationToken.None)).GetProperty("started")[0].GetString()!;
            return true;
        }
        catch (HttpRequestException)
        {
            return false; // not answered: not accepted
        }
    }

    private static async Task<string> TaskOfAsync(HttpClient reviewer, string instance)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var inbox = await reviewer.GetFromJsonAsync<JsonElement>("/v1/approvals/inbox", Cancel);
            if (inbox.EnumerateArray().FirstOrDefault(t => t.GetProperty("instanceId").GetString() == instance) is { ValueKind: JsonValueKind.Object } task)
            {
                return task.GetProperty("id").GetString()!;
            }

            Assert.True(DateTime.UtcNow < deadline, $"No task for {instance} within 60 s.");
            await Task.Delay(200, Cancel);
        }
    }

    /// <summary>Decides until the decision is applied, as a client would: a 503 says when to try again. Returns the 503s seen.</summary>
    private static async Task<int> DecideUntilAppliedAsync(HttpClient reviewer, string task)
    {
        var refused = 0;
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            try
            {
                using var response = await reviewer.PostAsJsonAsync($"/v1/approvals/{task}/decide", new { decision = "approve" }, Cancel);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return refused;
                }

                Assert.True(response.StatusCode == HttpStatusCode.ServiceUnavailable, $"{task}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Cancel)}");
                Assert.NotNull(response.Headers.RetryAfter?.Delta);
                refused++;
                await Task.Delay(response.Headers.RetryAfter!.Delta!.Value, Cancel);
            }
            catch (HttpRequestException)
            {
                await Task.Delay(500, Cancel);
            }

            Assert.True(DateTime.UtcNow < deadline, $"The decision on {task} was not applied within 2 minutes.");
        }
    }

    private static async Task<JsonElement> UntilAsync(HttpClient designer, string instance, string status, DateTime deadline)
    {
        while (true)
        {
            using var response = await designer.GetAsync($"/v1/instances/{instance}", Cancel);
            var state = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonElement>(Cancel) : default;
            if (state.ValueKind == JsonValueKind.Object && state.GetProperty("status").GetString() == status || DateTime.UtcNow > deadline)
            {
                Assert.True(state.ValueKind == JsonValueKind.Object, $"Instance {instance}: {(int)response.StatusCode}");
                return state;
            }

            await Task.Delay(300, Cancel);
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
