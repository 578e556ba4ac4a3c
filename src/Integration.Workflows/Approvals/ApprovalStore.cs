using System.Text.Json;
using Integration.ServiceDefaults.Protection;
using StackExchange.Redis;

namespace Integration.Workflows.Approvals;

/// <summary>
/// Approval tasks in Redis, encrypted (a task's subject and proposal are about a customer); a change is a
/// compare-and-set on the task's revision, so two reviewers deciding at once cannot both win.
/// </summary>
public sealed class ApprovalStore(IConnectionMultiplexer redis, SensitiveData sensitive)
{
    private const string Tasks = "workflows:approvals";
    private const string Revisions = "workflows:approvals:revisions";
    private const string Pending = "workflows:approvals:pending";

    public async Task<ApprovalTask?> FindAsync(string id) =>
        (await redis.GetDatabase().HashGetAsync(Tasks, id)) is { IsNullOrEmpty: false } stored
            ? JsonSerializer.Deserialize<ApprovalTask>(sensitive.Unprotect(stored.ToString()), JsonSerializerOptions.Web)
            : null;

    private string Stored(ApprovalTask task) => sensitive.Protect(JsonSerializer.Serialize(task, JsonSerializerOptions.Web));

    /// <summary>
    /// Adds a task unless one with its id exists (a gate re-entered after a crash finds its task); returns the stored one,
    /// and whether it is the one just added.
    /// </summary>
    public async Task<(ApprovalTask Task, bool Added)> AddAsync(ApprovalTask task)
    {
        var db = redis.GetDatabase();
        if (await db.HashSetAsync(Tasks, task.Id, Stored(task), When.NotExists))
        {
            if (task.IsPending)
            {
                await db.SetAddAsync(Pending, task.Id);
            }

            return (task, true);
        }

        return ((await FindAsync(task.Id))!, false);
    }

    /// <summary>Replaces <paramref name="before"/> with <paramref name="after"/> only if nobody changed it meanwhile.</summary>
    public async Task<bool> ReplaceAsync(ApprovalTask before, ApprovalTask after)
    {
        var db = redis.GetDatabase();
        var transaction = db.CreateTransaction();
        // The first revision has no entry yet; each change writes the next one.
        transaction.AddCondition(before.Revision == 0 ? Condition.HashNotExists(Revisions, before.Id) : Condition.HashEqual(Revisions, before.Id, before.Revision));
        var next = after with { Revision = before.Revision + 1 };
        _ = transaction.HashSetAsync(Revisions, after.Id, next.Revision);
        _ = transaction.HashSetAsync(Tasks, after.Id, Stored(next));
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

}
