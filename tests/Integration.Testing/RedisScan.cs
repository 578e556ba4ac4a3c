using StackExchange.Redis;

namespace Integration.Testing;

/// <summary>Reads every key and value in a Redis, whatever its type, looking for text that must not be there in clear.</summary>
public static class RedisScan
{
    /// <summary>"key (type) holds 'needle'" for each key (outside <paramref name="exceptPrefixes"/>) whose name or content contains a needle.</summary>
    public static async Task<IReadOnlyList<string>> FindAsync(string connectionString, IReadOnlyList<string> needles, params string[] exceptPrefixes)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString);
        var db = redis.GetDatabase();
        var found = new List<string>();
        foreach (var key in redis.GetServers().Single().Keys(pattern: "*", pageSize: 500))
        {
            var name = key.ToString();
            if (exceptPrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
            {
                continue;
            }

            var type = await db.KeyTypeAsync(key);
            IEnumerable<string> contents = type switch
            {
                RedisType.String => [(await db.StringGetAsync(key)).ToString()],
                RedisType.Hash => (await db.HashGetAllAsync(key)).SelectMany(e => new[] { e.Name.ToString(), e.Value.ToString() }),
                RedisType.List => (await db.ListRangeAsync(key)).Select(v => v.ToString()),
                RedisType.Set => (await db.SetMembersAsync(key)).Select(v => v.ToString()),
                RedisType.SortedSet => (await db.SortedSetRangeByRankAsync(key)).Select(v => v.ToString()),
                RedisType.Stream => (await db.StreamRangeAsync(key)).SelectMany(e => e.Values.SelectMany(v => new[] { v.Name.ToString(), v.Value.ToString() })),
                _ => [],
            };
            var text = string.Join('\n', contents.Prepend(name));
            found.AddRange(needles.Where(n => text.Contains(n, StringComparison.Ordinal)).Select(n => $"{name} ({type}) holds '{n}'"));
        }

        return found;
    }
}
