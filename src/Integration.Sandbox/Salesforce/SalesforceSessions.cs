using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Integration.Sandbox.Salesforce;

/// <summary>Access tokens the token endpoint has issued, in Redis with the session lifetime, so they survive a restart.</summary>
public sealed class SalesforceSessions(IConnectionMultiplexer redis, IOptions<SandboxOptions> options, TimeProvider time)
{
    private const string Active = "sandbox:salesforce:sessions";

    public async Task<string> IssueAsync()
    {
        // Salesforce session ids start with the org id and an exclamation mark.
        var token = "00DSb0000000001!" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)).TrimEnd('=').Replace('+', '.').Replace('/', '_');
        var db = redis.GetDatabase();
        await db.StringSetAsync($"sandbox:salesforce:session:{token}", time.GetUtcNow().ToUnixTimeMilliseconds(), options.Value.Salesforce.SessionLifetime);
        await db.SetAddAsync(Active, token);
        return token;
    }

    public async Task<bool> ValidAsync(string? token) =>
        token is not null && await redis.GetDatabase().KeyExistsAsync($"sandbox:salesforce:session:{token}");

    /// <summary>Ends every session, as an expired or revoked session would: the next call gets INVALID_SESSION_ID.</summary>
    public async Task<int> ExpireAllAsync()
    {
        var db = redis.GetDatabase();
        var tokens = await db.SetMembersAsync(Active);
        foreach (var token in tokens)
        {
            await db.KeyDeleteAsync($"sandbox:salesforce:session:{token}");
        }

        await db.KeyDeleteAsync(Active);
        return tokens.Length;
    }

    /// <summary>Counts today's API calls for the Sforce-Limit-Info header.</summary>
    public async Task<long> CountCallAsync()
    {
        var key = UsageKey();
        var used = await redis.GetDatabase().StringIncrementAsync(key);
        if (used == 1)
        {
            await redis.GetDatabase().KeyExpireAsync(key, TimeSpan.FromDays(2));
        }

        return used;
    }

    public async Task<long> UsedTodayAsync() => (long?)await redis.GetDatabase().StringGetAsync(UsageKey()) ?? 0;

    private string UsageKey() => $"sandbox:salesforce:api-usage:{time.GetUtcNow():yyyyMMdd}";
}
