using System.Text.Json;
using StackExchange.Redis;

namespace Integration.Workflows.Approvals;

/// <summary>Approval tasks in Redis; a change is a compare-and-set, so two reviewers deciding at once cannot both win.</summary>
public sealed class ApprovalStore(IConnectionMultiplexer redis)
{
    private const string Tasks = "workflows:approvals";
    private const string Pending = "workflows:approvals:pending";

    public async Task<ApprovalTask?> FindAsync(string id) =>
        (await redis.GetDatabase().HashGetAsync(Tasks, id)) is { IsNullOrEmpty: false } json ? JsonSerializer.Deserialize<ApprovalTask>(json.ToString(), JsonSerializerOptions.Web) : null;

    /// <summary>Adds a task unless one with its id exists (a gate re-entered after a crash finds its task); returns the stored one.</summary>
    public async Task<ApprovalTask> AddAsync(ApprovalTask task)
    {
        var db = redis.GetDatabase();
        if (await db.HashSetAsync(Tasks, task.Id, JsonSerializer.Serialize(task, JsonSerializerOptions.Web), When.NotExists))
        {
            if (task.IsPending)
            {
                await db.SetAddAsync(Pending, task.Id);
            }

            return task;
        }

        return (await FindAsync(task.Id))!;
    }

    /// <summary>Replaces <paramref name="before"/> with <paramref name="after"/> only if nobody changed it meanwhile.</summary>
    public async Task<bool> ReplaceAsync(ApprovalTask before, ApprovalTask after)
    {
        var db = redis.GetDatabase();
        var transaction = db.CreateTransaction();
        transaction.AddCondition(Condition.HashEqual(Tasks, before.Id, JsonSerializer.Serialize(before, JsonSerializerOptions.Web)));
        _ = transaction.HashSetAsync(Tasks, after.Id, JsonSerializer.Serialize(after, JsonSerializerOptions.Web));
        _ = after.IsPending ? transaction.SetAddAsync(Pending, after.Id) : transaction.SetRemoveAsync(Pending, after.Id);
        return await transaction.ExecuteAsync();
    }

    public async Task<IReadOnlyList<ApprovalTask>> PendingAsync()
    {
        var ids = await redis.GetDatabase().SetMembersAsync(Pending);
        var tasks = new List<ApprovalTask>();
        foreach (var id in ids)
        {
            if (await FindAsync(id.ToString()) is { IsPending: true } task)
            {
                tasks.Add(task);
            }
        }

        return tasks.OrderBy(t => t.CreatedAt).ToList();
    }

    /// <summary>Each human decision, with what the model proposed and what the reviewer made of it: training data for the next model.</summary>
    public Task RecordExampleAsync(object example) =>
        redis.GetDatabase().StreamAddAsync("workflows:feedback", "example", JsonSerializer.Serialize(example, JsonSerializerOptions.Web));

    public async Task<IReadOnlyList<JsonElement>> ExamplesAsync(int count) =>
        (await redis.GetDatabase().StreamRangeAsync("workflows:feedback", "-", "+", count, Order.Descending))
            .Select(e => JsonSerializer.Deserialize<JsonElement>(e["example"].ToString())).ToList();
}
