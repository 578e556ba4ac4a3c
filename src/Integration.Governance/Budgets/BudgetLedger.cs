using System.Globalization;
using Integration.Governance.Policies;
using StackExchange.Redis;

namespace Integration.Governance.Budgets;

/// <summary>One counter a consumption touches: "workflow zendesk-triage, tokens per day".</summary>

public sealed record BudgetDecision(bool Allowed, string? ExceededBudget, DateTimeOffset ResetsAt, IReadOnlyList<BudgetUsageView> Usage);

/// <summary>
/// Daily token and cost counters in Redis (UTC days). One Lua script checks every counter a consumption
/// touches and only then increments them all: all or nothing, with no window between check and
/// increment, however many consumers race.
/// </summary>
public sealed class BudgetLedger(IConnectionMultiplexer redis, TimeProvider time)
{
    // Cost is counted in millionths so that Redis adds whole numbers exactly.
    private const decimal CostScale = 1_000_000m;

    private const string ConsumeScript = """
        local count = #KEYS
        local spent = ARGV[2 * count + 2] == '1'
        if not spent then
          for i = 1, count do
            local used = tonumber(redis.call('GET', KEYS[i]) or '0')
            if used + tonumber(ARGV[i]) > tonumber(ARGV[count + i]) then
              return {i, used}
            end
          end
        end
        local result = {0}
        for i = 1, count do
          table.insert(result, redis.call('INCRBY', KEYS[i], ARGV[i]))
          redis.call('EXPIRE', KEYS[i], ARGV[2 * count + 1])
        end
        if spent then
          for i = 1, count do
            if result[i + 1] > tonumber(ARGV[count + i]) then
              result[1] = -i
              return result
            end
          end
        end
        return result
        """;

    private sealed record Counter(string Budget, string Measure, RedisKey Key, long Amount, long Limit, decimal Scale);

    /// <param name="spent">Already spent (a model answered): counted even past a limit; not allowed then means a limit is passed now.</param>
    public async Task<BudgetDecision> ConsumeAsync(PolicyDocument? policy, string workflow, string? department, long tokens, decimal cost, bool spent = false)
    {
        var (counters, resetsAt) = Counters(policy, workflow, department, tokens, cost);
        if (counters.Count == 0)
        {
            return new BudgetDecision(true, null, resetsAt, []);
        }

        // Kept two days so that a counter outlives its day even across a clock skew between services.
        var ttl = (long)TimeSpan.FromDays(2).TotalSeconds;
        var keys = counters.Select(c => c.Key).ToArray();
        RedisValue[] argv = [.. counters.Select(c => (RedisValue)c.Amount), .. counters.Select(c => (RedisValue)c.Limit), ttl, spent ? 1 : 0];
        var result = (RedisResult[])(await redis.GetDatabase().ScriptEvaluateAsync(ConsumeScript, keys, argv))!;

        var exceeded = (int)result[0];
        var counted = counters.Select((c, i) => new BudgetUsageView(c.Budget, c.Measure, (long)result[i + 1] / c.Scale, c.Limit / c.Scale));
        if (exceeded < 0)
        {
            var passed = counters[-exceeded - 1];
            return new BudgetDecision(false, $"{passed.Budget}, {passed.Measure}", resetsAt, [.. counted]);
        }

        if (exceeded > 0)
        {
            var over = counters[exceeded - 1];
            var usage = new BudgetUsageView(over.Budget, over.Measure, (long)result[1] / over.Scale, over.Limit / over.Scale);
            return new BudgetDecision(false, $"{over.Budget}, {over.Measure}", resetsAt, [usage]);
        }

        return new BudgetDecision(true, null, resetsAt, [.. counted]);
    }

    /// <summary>Today's use of every budget a workflow (and department) spends from, without spending anything.</summary>
    public async Task<(IReadOnlyList<BudgetUsageView> Usage, DateTimeOffset ResetsAt)> UsageAsync(PolicyDocument? policy, string workflow, string? department)
    {
        var (counters, resetsAt) = Counters(policy, workflow, department, 0, 0);
        if (counters.Count == 0)
        {
            return ([], resetsAt);
        }

        var values = await redis.GetDatabase().StringGetAsync([.. counters.Select(c => c.Key)]);
        return ([.. counters.Select((c, i) => new BudgetUsageView(c.Budget, c.Measure, (long?)values[i] is long used ? used / c.Scale : 0, c.Limit / c.Scale))], resetsAt);
    }

    /// <summary>The counters of today that a spend by this workflow (and department) touches under the policy.</summary>
    private (List<Counter> Counters, DateTimeOffset ResetsAt) Counters(PolicyDocument? policy, string workflow, string? department, long tokens, decimal cost)
    {
        var now = time.GetUtcNow();
        var day = now.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var resetsAt = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        var counters = new List<Counter>();
        void Add(string budget, string key, BudgetLimits? limits)
        {
            if (limits?.TokensPerDay is long tokenLimit)
            {
                counters.Add(new Counter(budget, "tokens per day", $"governance:budget:{day}:{key}:tokens", tokens, tokenLimit, 1));
            }

            if (limits?.CostPerDay is decimal costLimit)
            {
                counters.Add(new Counter(budget, "cost per day", $"governance:budget:{day}:{key}:cost",
                    (long)(cost * CostScale), (long)(costLimit * CostScale), CostScale));
            }
        }

        Add($"workflow {workflow}", $"workflow:{workflow}", policy?.PerWorkflowBudget);
        if (department is not null)
        {
            Add($"department {department}", $"department:{department}", policy?.DepartmentBudgets?.GetValueOrDefault(department));
        }

        return (counters, resetsAt);
    }
}
