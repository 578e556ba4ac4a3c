using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Auth;
using Integration.ServiceDefaults.Protection;
using Integration.Workflows.Runtime;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Storage;
using StackExchange.Redis;

namespace Integration.Workflows.Tests;

/// <summary>An instance's state in Redis: typed JSON, encrypted; state an earlier version wrote is still read and then rewritten.</summary>
public sealed class InstanceStateAtRestTests(WorkflowsFactory service) : IClassFixture<WorkflowsFactory>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private HttpClient Designer => service.CreateClient("dora", Roles.Designer);

    private static string StorageKey(string instance) => $"workflows/state/workflowinstance/{instance}/instance";

    private async Task<string> PublishGatedAsync()
    {
        var id = $"rest-{Guid.NewGuid():N}"[..20];
        using var saved = await Designer.PutAsJsonAsync($"/v1/definitions/{id}", new
        {
            id, name = "At rest",
            activities = new object[]
            {
                new { id = "start", type = "trigger.manual" },
                new { id = "review", type = "approval.gate", inputs = new { assignees = new[] { "role:reviewer" }, subject = "{{ input.customer }}" } },
                new { id = "end", type = "flow.end" },
            },
            connections = new[] { new { from = "start", to = "review", outcome = (string?)null }, new { from = "review", to = "end", outcome = (string?)"approved" } },
        }, Cancel);
        var version = (await saved.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("version").GetInt32();
        (await Designer.PostAsync($"/v1/definitions/{id}/versions/{version}/publish", null, Cancel)).EnsureSuccessStatusCode();
        return id;
    }

    [Fact]
    public async Task A_waiting_instance_is_kept_encrypted_and_reads_back_as_it_was()
    {
        var id = await PublishGatedAsync();
        using var started = await Designer.PostAsJsonAsync($"/v1/workflows/{id}/instances", new { input = new { customer = "Vera Walsh" } }, Cancel);
        var instance = (await started.Content.ReadFromJsonAsync<JsonElement>(Cancel)).GetProperty("id").GetString()!;
        await using var redis = await ConnectionMultiplexer.ConnectAsync(service.Redis.ConnectionString);

        byte[] stored = (await redis.GetDatabase().HashGetAsync(StorageKey(instance), "data"))!;

        Assert.StartsWith("dp1:", Encoding.UTF8.GetString(stored[..4]));
        Assert.DoesNotContain("Vera Walsh", Encoding.UTF8.GetString(stored));
        var serializer = new ProtectedStateSerializer(service.Services.GetRequiredService<SensitiveData>(), service.Services.GetRequiredService<IGrainStorageSerializer>());
        var record = serializer.Deserialize<InstanceRecord>(new BinaryData(stored))!;
        Assert.Null(record.Json);
        Assert.Equal((InstanceStatus.Waiting, "Vera Walsh"), (record.Instance!.Status, record.Instance.Input["customer"]!.GetValue<string>()));
        Assert.Equal(BookmarkKind.Approval, Assert.Single(record.Instance.Bookmarks).Kind);
    }

    [Fact]
    public async Task State_an_earlier_version_wrote_is_read_and_rewritten_in_the_current_form()
    {
        var id = await PublishGatedAsync();
        var instance = $"{id}-legacy";
        var sensitive = service.Services.GetRequiredService<SensitiveData>();
        // As the previous version kept it: the instance as an encrypted JSON string inside Orleans' default serializer's form.
        var legacyState = new InstanceState
        {
            Id = instance, DefinitionId = id, Version = 1, Status = InstanceStatus.Waiting, Input = new JsonObject { ["customer"] = "Old Timer" },
            Bookmarks = [new Bookmark("t2", "review", BookmarkKind.Approval, null, new JsonObject { ["assignees"] = new JsonArray("role:reviewer") })],
            Visits = { ["start"] = 1, ["review"] = 1 }, Sequence = 2,
        };
        var legacy = service.Services.GetRequiredService<IGrainStorageSerializer>()
            .Serialize(new InstanceRecord { Json = sensitive.Protect(JsonSerializer.Serialize(legacyState, JsonSerializerOptions.Web)) });
        await using var redis = await ConnectionMultiplexer.ConnectAsync(service.Redis.ConnectionString);
        await redis.GetDatabase().HashSetAsync(StorageKey(instance), [new("etag", "legacy-1"), new("data", legacy.ToArray())]);

        var read = await Designer.GetFromJsonAsync<JsonElement>($"/v1/instances/{instance}", Cancel);
        using var cancelled = await Designer.PostAsync($"/v1/instances/{instance}/cancel", null, Cancel);
        cancelled.EnsureSuccessStatusCode();

        Assert.Equal(("Waiting", "Old Timer"), (read.GetProperty("status").GetString(), read.GetProperty("input").GetProperty("customer").GetString()));
        byte[] rewritten = (await redis.GetDatabase().HashGetAsync(StorageKey(instance), "data"))!;
        Assert.StartsWith("dp1:", Encoding.UTF8.GetString(rewritten[..4]));
        var serializer = new ProtectedStateSerializer(sensitive, service.Services.GetRequiredService<IGrainStorageSerializer>());
        Assert.Equal(InstanceStatus.Cancelled, serializer.Deserialize<InstanceRecord>(new BinaryData(rewritten))!.Instance!.Status);
    }
}
