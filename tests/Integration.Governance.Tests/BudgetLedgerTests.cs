using Integration.Governance.Budgets;
using Integration.Governance.Policies;
using Integration.Governance.Redaction;
using Integration.Testing;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Integration.Governance.Tests;

public sealed class BudgetLedgerTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 23, 30, 0, TimeSpan.Zero));
    private TestRedis _redis = null!;
    private ConnectionMultiplexer _connection = null!;
    private BudgetLedger _ledger = null!;

    public async ValueTask InitializeAsync()
    {
        _redis = await TestRedis.StartAsync(TestContext.Current.CancellationToken);
        _connection = await ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        _ledger = new BudgetLedger(_connection, _time);
    }

    private static PolicyDocument Policy(long? workflowTokens, decimal? workflowCost = null, long? supportTokens = null) => new(
        null, ["*"], new Dictionary<PiiType, RedactionOperator>(),
        new BudgetLimits(workflowTokens, workflowCost),
        supportTokens is null ? null : new Dictionary<string, BudgetLimits> { ["support"] = new(supportTokens, null) });

    [Fact]
    public async Task Concurrent_consumers_never_spend_past_the_limit()
    {
        var policy = Policy(workflowTokens: 10_000);
        var allowed = 0;

        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 25; i++)
            {
                if ((await _ledger.ConsumeAsync(policy, "triage", null, 100, 0)).Allowed)
                {
                    Interlocked.Increment(ref allowed);
                }
            }
        })));

        Assert.Equal(100, allowed);
        var last = await _ledger.ConsumeAsync(policy, "triage", null, 0, 0);
        Assert.Equal(10_000m, last.Usage.Single().Used);
    }

    [Fact]
    public async Task A_denial_names_the_budget_and_when_it_resets_and_spends_nothing()
    {
        var policy = Policy(workflowTokens: 1_000, supportTokens: 500);
        await _ledger.ConsumeAsync(policy, "triage", "support", 400, 0);

        var denied = await _ledger.ConsumeAsync(policy, "triage", "support", 200, 0);
        var after = await _ledger.ConsumeAsync(policy, "triage", "support", 0, 0);

        Assert.False(denied.Allowed);
        Assert.Equal("department support, tokens per day", denied.ExceededBudget);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), denied.ResetsAt);
        // All or nothing: the workflow's counter did not move either.
        Assert.Equal([400m, 400m], after.Usage.Select(u => u.Used));
    }

    [Fact]
    public async Task A_new_day_starts_from_zero()
    {
        var policy = Policy(workflowTokens: 100);
        Assert.True((await _ledger.ConsumeAsync(policy, "triage", null, 100, 0)).Allowed);
        Assert.False((await _ledger.ConsumeAsync(policy, "triage", null, 1, 0)).Allowed);

        _time.Advance(TimeSpan.FromMinutes(31));

        Assert.True((await _ledger.ConsumeAsync(policy, "triage", null, 100, 0)).Allowed);
    }

    [Fact]
    public async Task Cost_adds_up_exactly()
    {
        var policy = Policy(workflowTokens: null, workflowCost: 0.3m);

        var results = new List<bool>();
        for (var i = 0; i < 4; i++)
        {
            results.Add((await _ledger.ConsumeAsync(policy, "triage", null, 0, 0.1m)).Allowed);
        }

        Assert.Equal([true, true, true, false], results);
    }

    [Fact]
    public async Task Without_limits_everything_is_allowed()
    {
        var decision = await _ledger.ConsumeAsync(null, "triage", "support", 1_000_000, 1000);

        Assert.True(decision.Allowed);
        Assert.Empty(decision.Usage);
    }

    public async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
