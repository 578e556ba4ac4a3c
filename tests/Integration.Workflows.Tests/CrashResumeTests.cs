using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.Testing;
using Integration.ServiceDefaults.Auth;
using Integration.Workflows.Activities;
using Integration.Workflows.Runtime;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Integration.Workflows.Tests;

/// <summary>
/// A silo goes away while an instance waits between steps; another silo of the same cluster, on the same Redis,
/// picks the instance up from its last checkpoint and completes it, and each side effect happened exactly once.
/// </summary>
public sealed class CrashResumeTests
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_instance_outlives_its_silo_and_each_side_effect_happens_once()
    {
        await using var redis = await TestRedis.StartAsync(Cancel);
        var cluster = $"crash-{Guid.NewGuid():N}";
        var sideEffects = new CountingConnector();
        var id = $"crash-{Guid.NewGuid():N}"[..20];
        string instance;

        await using (var first = new SiloFactory(redis, cluster, sideEffects))
        {
            await first.InitializeAsync();
            var designer = first.CreateClient("dora", Roles.Designer);
            using var saved = await designer.PutAsJsonAsync($"/v1/definitions/{id}", new
            {
                id, name = "Outlives its silo",
                activities = new object[]
                {
                    new { id = "start", type = "trigger.manual" },
                    new { id = "before", type = "connector.call", inputs = new { operation = "zendesk.ticket.addComment" } },
                    new { id = "pause", type = "flow.delay", inputs = new { duration = "PT3S" } },
                    new { id = "after", type = "connector.call", inputs = new { operation = "salesforce.case.create" } },
                    new { id = "end", type = "flow.end" },
                },
                connections = new[] { new { from = "start", to = "before" }, new { from = "before", to = "pause" }, new { from = "pause", to = "after" }, new { from = "after", to = "end" } },
            }, Cancel);
            var version = (await saved.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("version").GetInt32();
            (await designer.PostAsync($"/v1/definitions/{id}/versions/{version}/publish", null, Cancel)).EnsureSuccessStatusCode();
            using var started = await designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { input = new { } }, Cancel);
            var state = await started.Content.ReadFromJsonAsync<JsonElement>(Cancel);
            instance = state.GetProperty("id").GetString()!;
            Assert.Equal("Waiting", state.GetProperty("status").GetString()); // checkpointed at the delay
        }

        // The first silo is gone. A second one, same cluster and Redis, finds the instance and finishes it.
        await using var second = new SiloFactory(redis, cluster, sideEffects);
        await second.InitializeAsync();
        var reader = second.CreateClient("dora", Roles.Designer);
        // Generous: if the first silo did not leave cleanly, the cluster first has to declare it dead.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        JsonElement resumed;
        do
        {
            await Task.Delay(200, Cancel);
            resumed = await reader.GetFromJsonAsync<JsonElement>($"/v1/instances/{instance}", Cancel);
            Assert.True(DateTime.UtcNow < deadline, $"Not completed on the second silo within 120 s: {resumed}");
        }
        while (resumed.GetProperty("status").GetString() != "Completed");

        Assert.Equal(1, sideEffects.Calls[$"{instance}:before:1"]);
        Assert.Equal(1, sideEffects.Calls[$"{instance}:after:1"]);
        Assert.Equal(2, sideEffects.Calls.Count);
    }

    [Fact]
    public async Task A_waiting_instance_keeps_its_approval_sla_when_another_silo_activates_it()
    {
        await using var redis = await TestRedis.StartAsync(Cancel);
        var cluster = $"sla-{Guid.NewGuid():N}";
        var id = $"sla-keep-{Guid.NewGuid():N}"[..20];
        string instance;

        await using (var first = new SiloFactory(redis, cluster, new CountingConnector()))
        {
            await first.InitializeAsync();
            var designer = first.CreateClient("dora", Roles.Designer);
            using var saved = await designer.PutAsJsonAsync($"/v1/definitions/{id}", new
            {
                id, name = "Rejected when nobody decides",
                activities = new object[]
                {
                    new { id = "start", type = "trigger.manual" },
                    new { id = "review", type = "approval.gate", inputs = new { assignees = new[] { "role:reviewer" }, sla = "PT4S", onSlaBreach = "reject" } },
                    new { id = "sent", type = "flow.end", inputs = new { outputs = "({ sent: true })" } },
                    new { id = "dropped", type = "flow.end", inputs = new { outputs = "({ sent: false })" } },
                },
                connections = new[] { new { from = "start", to = "review", outcome = "done" }, new { from = "review", to = "sent", outcome = "approved" }, new { from = "review", to = "dropped", outcome = "rejected" } },
            }, Cancel);
            var version = (await saved.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("version").GetInt32();
            (await designer.PostAsync($"/v1/definitions/{id}/versions/{version}/publish", null, Cancel)).EnsureSuccessStatusCode();
            using var started = await designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { input = new { } }, Cancel);
            instance = (await started.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
        }

        // Another silo activates the waiting instance (someone reads it) before its SLA passes; the SLA still rejects it.
        await using var second = new SiloFactory(redis, cluster, new CountingConnector());
        await second.InitializeAsync();
        var reader = second.CreateClient("dora", Roles.Designer);
        var deadline = DateTime.UtcNow.AddSeconds(120);
        JsonElement state;
        do
        {
            await Task.Delay(200, Cancel);
            state = await reader.GetFromJsonAsync<JsonElement>($"/v1/instances/{instance}", Cancel);
            Assert.True(DateTime.UtcNow < deadline, $"The SLA did not reject the task within 120 s: {state}");
        }
        while (state.GetProperty("status").GetString() != "Completed");

        Assert.False(state.GetProperty("outputs").GetProperty("sent").GetBoolean());
    }

    [Fact]
    public async Task A_parent_waiting_for_its_sub_workflow_goes_on_when_the_child_ends_on_another_silo()
    {
        await using var redis = await TestRedis.StartAsync(Cancel);
        var cluster = $"call-{Guid.NewGuid():N}";
        var (child, parent) = ($"crash-child-{Guid.NewGuid():N}"[..24], $"crash-parent-{Guid.NewGuid():N}"[..24]);
        string instance, childInstance;

        await using (var first = new SiloFactory(redis, cluster, new CountingConnector()))
        {
            await first.InitializeAsync();
            await first.PublishAsync(new
            {
                id = child, name = "Child",
                activities = new object[]
                {
                    new { id = "start", type = "trigger.manual" },
                    new { id = "review", type = "approval.gate", inputs = new { assignees = new[] { "role:reviewer" }, proposal = "({ text: 'for ' + input.who })" } },
                    new { id = "end", type = "flow.end", inputs = new { outputs = "({ text: steps.review.output.text })" } },
                },
                connections = new[] { new { from = "start", to = "review", outcome = "done" }, new { from = "review", to = "end", outcome = "approved" } },
            }, child);
            await first.PublishAsync(new
            {
                id = parent, name = "Parent",
                activities = new object[]
                {
                    new { id = "start", type = "trigger.manual" },
                    new { id = "call", type = "workflow.call", inputs = new { workflow = child, input = "({ who: 'Vera' })" } },
                    new { id = "end", type = "flow.end", inputs = new { outputs = "({ text: steps.call.outputs.text })" } },
                },
                connections = new[] { new { from = "start", to = "call", outcome = "done" }, new { from = "call", to = "end", outcome = "done" } },
            }, parent);
            using var started = await first.CreateClient("dora", Roles.Designer).PostAsJsonAsync($"/v1/workflows/{parent}/instances", new { input = new { } }, Cancel);
            instance = (await started.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
            var waiting = await first.CreateClient("ada", Roles.Admin).GetFromJsonAsync<JsonElement>($"/v1/instances/{instance}", Cancel);
            Assert.Equal("Waiting", waiting.GetProperty("status").GetString());
            childInstance = waiting.GetProperty("bookmarks")[0].GetProperty("data").GetProperty("instanceId").GetString()!;
        }

        // The first silo is gone; on the second, a reviewer decides the child's gate: the child ends and its parent goes on.
        await using var second = new SiloFactory(redis, cluster, new CountingConnector());
        await second.InitializeAsync();
        using var decided = await second.CreateClient("rex", Roles.Reviewer).PostAsJsonAsync($"/v1/approvals/{childInstance}:review:1/decide", new { decision = "approve" }, Cancel);
        Assert.Equal(System.Net.HttpStatusCode.OK, decided.StatusCode);
        var reader = second.CreateClient("ada", Roles.Admin);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement state;
        while ((state = await reader.GetFromJsonAsync<JsonElement>($"/v1/instances/{instance}", Cancel)).GetProperty("status").GetString() != "Completed")
        {
            Assert.True(DateTime.UtcNow < deadline, $"The parent did not go on within 30 s: {state}");
            await Task.Delay(100, Cancel);
        }

        Assert.Equal("for Vera", state.GetProperty("outputs").GetProperty("text").GetString());
    }

    /// <summary>Stands in for the connector service's call: counts each side effect by its idempotency key.</summary>
    private sealed class CountingConnector : IActivity
    {
        public ActivityDescriptor Descriptor { get; } = ActivityCatalog.Shipped.Find("connector.call")!;

        public ConcurrentDictionary<string, int> Calls { get; } = new();

        public Task<StepResult> RunAsync(StepContext context, CancellationToken cancellationToken)
        {
            Calls.AddOrUpdate(context.IdempotencyKey, 1, (_, n) => n + 1);
            return Task.FromResult(StepResult.Done(new JsonObject { ["output"] = new JsonObject { ["ok"] = true } }));
        }
    }

    /// <summary>A workflow silo on a shared Redis and cluster id, with the counting connector call in place of the shipped one.</summary>
    private sealed class SiloFactory(TestRedis shared, string cluster, CountingConnector connector) : WorkflowsFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("ConnectionStrings:redis", shared.ConnectionString);
            builder.UseSetting("Orleans:ClusterId", cluster);
            builder.ConfigureTestServices(services => services.AddSingleton<IActivity>(connector));
        }
    }
}
