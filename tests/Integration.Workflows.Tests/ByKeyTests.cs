using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Integration.ServiceDefaults.Auth;
using Integration.ServiceDefaults.Protection;
using Integration.Workflows.Instances;
using Integration.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Integration.Workflows.Tests;

/// <summary>
/// An instance is found by its business key, or by a bare ticket id for a key like <c>ticket:61</c>, at any age: an exact,
/// indexed lookup (issue 26: the bare form searched only the newest 200 instances and missed older tickets).
/// </summary>
public sealed class ByKeyTests(WorkflowsFactory service) : IClassFixture<WorkflowsFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Designer => service.CreateClient("dora", Roles.Designer);

    [Fact]
    public async Task The_oldest_of_thousands_of_instances_is_found_by_its_bare_ticket_id()
    {
        const string id = "by-key-thousands";
        await service.PublishAsync(Definition(id), id);
        // Started by hand with the keys a connector event would give (ticket:N), oldest first; 2,500 > the 200 the old lookup read.
        await Parallel.ForEachAsync(Enumerable.Range(1, 2500), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Cancel }, async (n, ct) =>
        {
            using var started = await Designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { businessKey = $"ticket:{n}" }, ct);
            started.EnsureSuccessStatusCode();
        });

        foreach (var n in new[] { 1, 2, 1250, 2500 })
        {
            var found = await Designer.GetFromJsonAsync<JsonElement>($"/v1/workflows/{id}/instances/by-key/{n}", Cancel);
            Assert.Equal($"ticket:{n}", found.GetProperty("businessKey").GetString());
        }

        using var none = await Designer.GetAsync($"/v1/workflows/{id}/instances/by-key/2501", Cancel);
        using var otherWorkflow = await Designer.GetAsync("/v1/workflows/zendesk-ticket-triage/instances/by-key/1", Cancel);
        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (none.StatusCode, otherWorkflow.StatusCode));
    }

    [Fact]
    public async Task Instances_recorded_before_the_index_are_indexed_once_at_start()
    {
        var index = service.Services.GetRequiredService<InstanceIndex>();
        var redis = service.Services.GetRequiredService<IConnectionMultiplexer>().GetDatabase();
        var sensitive = service.Services.GetRequiredService<SensitiveData>();
        // A summary as an earlier version kept it, with no by-key entry, and the backfill not yet done.
        var earlier = new InstanceSummary($"earlier-{Guid.NewGuid():N}", "earlier-workflow", 1, InstanceStatus.Completed, "ticket:4711", DateTimeOffset.UtcNow.AddDays(-90), DateTimeOffset.UtcNow.AddDays(-90));
        await redis.HashSetAsync("workflows:instances:summaries", earlier.Id, sensitive.Protect(JsonSerializer.Serialize(earlier, JsonSerializerOptions.Web)));
        await redis.KeyDeleteAsync("workflows:instances:by-key:filled");

        Assert.Null(await index.FindByKeyAsync("earlier-workflow", "4711"));
        await index.IndexEarlierKeysAsync(Cancel);

        Assert.Equal(earlier.Id, await index.FindByKeyAsync("earlier-workflow", "4711"));
        Assert.Equal(earlier.Id, await index.FindByKeyAsync("earlier-workflow", "ticket:4711"));
        Assert.True(await redis.KeyExistsAsync("workflows:instances:by-key:filled"));
    }

    private static object Definition(string id) => new
    {
        id, name = id,
        activities = new object[] { new { id = "start", type = "trigger.manual" }, new { id = "end", type = "flow.end" } },
        connections = new[] { new { from = "start", to = "end" } },
    };
}
