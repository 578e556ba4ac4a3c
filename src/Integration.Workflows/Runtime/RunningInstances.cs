using StackExchange.Redis;

namespace Integration.Workflows.Runtime;

/// <summary>
/// The instances that are running a step, in a Redis sorted set (scored by when they started running). A silo that
/// dies mid-step leaves its instances here, checkpointed as Running; <see cref="InstanceRecovery"/> wakes them.
/// </summary>
public sealed class RunningInstances(IConnectionMultiplexer redis, TimeProvider time)
{
    public const string Key = "workflows:running";

    public Task AddAsync(string instanceId) =>
        redis.GetDatabase().SortedSetAddAsync(Key, instanceId, time.GetUtcNow().ToUnixTimeMilliseconds());

    public Task RemoveAsync(string instanceId) => redis.GetDatabase().SortedSetRemoveAsync(Key, instanceId);

    /// <summary>Instances listed as running since before <paramref name="before"/>, oldest first.</summary>
    public async Task<IReadOnlyList<string>> SinceBeforeAsync(DateTimeOffset before, int count) =>
        (await redis.GetDatabase().SortedSetRangeByScoreAsync(Key, double.NegativeInfinity, before.ToUnixTimeMilliseconds(), take: count))
        .Select(v => v.ToString()).ToList();
}
