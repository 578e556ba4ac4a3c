using Integration.Workflows.Activities.Human;
using Integration.Workflows.Activities.Connectors;
using System.Diagnostics.Metrics;
using System.Globalization;
using Integration.Workflows.Activities;
using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.Workflows.Approvals;
using Integration.Workflows.Feedback;
using Integration.Workflows.Runtime;
using StackExchange.Redis;

namespace Integration.Workflows.Kpis;

/// <summary>
/// Counts what process owners judge a workflow by, per workflow and version: instances started, completed, failed,
/// cancelled and in incident; completions without a human edit; approval turnaround; step latency; tokens per model.
/// Totals and recent samples (for percentiles) go to Redis, shared by every silo, twice: for the version's whole life and for
/// the UTC day (see <see cref="Scopes"/>), so that a report can be of either. The same figures go to OpenTelemetry.
/// The Redis writes are fire-and-forget: counting never slows a step, and a silo that dies loses at most its last few counts.
/// </summary>
public sealed class KpiRecorder(IConnectionMultiplexer redis, KpiOptions options, TimeProvider time)
{
    /// <summary>The outcomes counted per day as well (UTC days), for a dashboard over a time range.</summary>
    public static readonly IReadOnlyList<string> DailyOutcomes = ["started", "completed", "failed", "cancelled", "incident"];

    /// <summary>At most this many days are answered at once.</summary>
    public const int MaxDays = 366;

    public const string MeterName = "Integration.Workflows";
    private const string InferenceCost = "inference_cost";
    private const string Gates = "gates";
    private const string GatesAutoApproved = "gates_auto_approved";
    private const string GatesHuman = "gates_human";
    private const string GatesOverridden = "gates_overridden";
    private const int Samples = 2000;

    /// <summary>A day keeps fewer samples than the whole life: a range's percentiles come from the union of its days.</summary>
    private const int DaySamples = 500;

    /// <summary>A day's figures are kept this long: a year's ranges, and a little more.</summary>
    private static readonly TimeSpan DayKept = TimeSpan.FromDays(400);
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Instances = Meter.CreateCounter<long>("workflows.instances", description: "Instances by outcome (started, completed, failed, cancelled, incident)");
    private static readonly Histogram<double> StepLatency = Meter.CreateHistogram<double>("workflows.step.duration", "ms");
    private static readonly Histogram<double> Turnaround = Meter.CreateHistogram<double>("workflows.approval.turnaround", "s");
    private static readonly Counter<long> Tokens = Meter.CreateCounter<long>("workflows.tokens", "{token}");

    public static string Key(string definitionId, int version) => $"workflows:kpi:{definitionId}:{version}";

    private const CommandFlags Fire = CommandFlags.FireAndForget;

    public async Task InstanceAsync(InstanceState state, string outcome)
    {
        Instances.Add(1, new("workflow", state.DefinitionId), new("version", state.Version), new("outcome", outcome));
        var db = redis.GetDatabase();
        var scopes = Scopes(Key(state.DefinitionId, state.Version));
        Increment(db, scopes, outcome);
        // One field per day in a hash per outcome: a year of days is a few kilobytes.
        db.HashIncrement($"{Key(state.DefinitionId, state.Version)}:daily:{outcome}", Day(time.GetUtcNow()), flags: Fire);
        // Only a reviewer edits: an instance that passed no approval gate was not edited, and needs no look-up.
        if (outcome == "completed" && (state.Journal.All(e => e.ActivityType != ApprovalGate.TypeName) || !await db.SetContainsAsync("workflows:kpi:edited", state.Id)))
        {
            Increment(db, scopes, "completed_without_edit");
        }
    }

    /// <summary>Step latencies and model tokens from the journal entries written since the last call.</summary>
    public Task StepsAsync(InstanceState state)
    {
        var db = redis.GetDatabase();
        var scopes = Scopes(Key(state.DefinitionId, state.Version));
        var latencies = new List<double>();
        foreach (var entry in state.Journal.Where(e => e.Sequence > state.KpiSequence && e.Event == JournalEvent.Completed))
        {
            if (entry.DurationMs is { } ms)
            {
                StepLatency.Record(ms, new("workflow", state.DefinitionId), new("activity", entry.ActivityType));
                latencies.Add(ms);
            }

            if (entry.Call is { Served: { } model } call)
            {
                var (input, output) = (call.TokensIn, call.TokensOut);
                Tokens.Add(input + output, new("workflow", state.DefinitionId), new("model", model));
                foreach (var scope in scopes)
                {
                    db.HashIncrement($"{scope}:models", $"{model}|calls", flags: Fire);
                    db.HashIncrement($"{scope}:models", $"{model}|in", input, Fire);
                    db.HashIncrement($"{scope}:models", $"{model}|out", output, Fire);
                    if (call.Cost is { } cost)
                    {
                        var amount = (double)cost;
                        db.HashIncrement($"{scope}:models", $"{model}|cost", amount, Fire);
                        db.HashIncrement(scope, InferenceCost, amount, Fire);
                    }
                }

                KeepDay(db, $"{scopes[1]}:models");
                KeepDay(db, scopes[1]);
            }

            // The first approved output to leave for a SaaS (a connector step after a gate) is the instance's first response.
            if (state.RespondedAt is null && entry.ActivityType == ConnectorCall.TypeName &&
                state.Journal.Any(e => e.ActivityType == ApprovalGate.TypeName && e.Event is JournalEvent.Completed or JournalEvent.Resumed && e.Sequence < entry.Sequence))
            {
                state.RespondedAt = entry.At;
                foreach (var scope in scopes)
                {
                    Sample(db, scope, "first-response", (entry.At - Origin(state)).TotalSeconds);
                }
            }
        }

        foreach (var scope in scopes)
        {
            Sample(db, scope, "steps", [.. latencies]);
        }

        state.KpiSequence = state.Sequence;
        return Task.CompletedTask;
    }

    /// <summary>A gate's outcome, for the business KPIs: who decided (rules or people), and whether people overrode the model.</summary>
    public void GateDecided(FeedbackRecord record)
    {
        var db = redis.GetDatabase();
        List<string> fields = [Gates];
        if (record.Source == DecisionSource.Rules && record.Decision == ApprovalStatus.AutoApproved)
        {
            fields.Add(GatesAutoApproved);
        }

        if (record.Source == DecisionSource.Reviewer)
        {
            fields.Add(GatesHuman);
            if (record.Edited || record.Decision is ApprovalStatus.Rejected or ApprovalStatus.ChangesRequested)
            {
                fields.Add(GatesOverridden);
            }
        }

        Increment(db, Scopes(Key(record.Workflow, record.Version)), [.. fields]);
    }

    /// <summary>A task its SLA handed to the admins.</summary>
    public void Escalated(string definitionId, int version)
    {
        var db = redis.GetDatabase();
        Increment(db, Scopes(Key(definitionId, version)), "escalated");
    }

    /// <summary>When the customer asked: the trigger event's time, else the instance's first step.</summary>
    private static DateTimeOffset Origin(InstanceState state) =>
        state.Event?["time"] is JsonValue time && DateTimeOffset.TryParse(time.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)
            ? at
            : state.Journal.FirstOrDefault()?.At ?? DateTimeOffset.MinValue;

    public async Task ApprovalDecidedAsync(string instanceId, string definitionId, int version, TimeSpan turnaround, bool edited)
    {
        Turnaround.Record(turnaround.TotalSeconds, new KeyValuePair<string, object?>("workflow", definitionId));
        var db = redis.GetDatabase();
        foreach (var scope in Scopes(Key(definitionId, version)))
        {
            Sample(db, scope, "turnaround", turnaround.TotalSeconds);
        }
        if (edited)
        {
            await db.SetAddAsync("workflows:kpi:edited", instanceId);
        }
    }

    /// <summary>The version's figures over its whole life, or over the UTC days from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public async Task<KpiReport> ReportAsync(string definitionId, int version, int waitingOnApproval, DateOnly? from = null, DateOnly? to = null)
    {
        var db = redis.GetDatabase();
        var key = Key(definitionId, version);
        string[] scopes = from is { } first && to is { } last
            ? [.. Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(i => DayScope(key, first.AddDays(i)))]
            : [key];
        var hashes = await Task.WhenAll(scopes.Select(scope => db.HashGetAllAsync(scope)));
        var counts = hashes.SelectMany(h => h).GroupBy(e => e.Name.ToString()).ToDictionary(g => g.Key, g => g.Sum(e => (double)e.Value));
        long Count(string name) => (long)counts.GetValueOrDefault(name);
        var models = (await Task.WhenAll(scopes.Select(scope => db.HashGetAllAsync($"{scope}:models")))).SelectMany(h => h)
            .Select(e => (Parts: e.Name.ToString().Split('|'), Value: (double)e.Value))
            .GroupBy(e => e.Parts[0])
            .Select(g => new ModelUsage(g.Key, (long)g.Where(e => e.Parts[1] == "calls").Sum(e => e.Value), (long)g.Where(e => e.Parts[1] == "in").Sum(e => e.Value),
                (long)g.Where(e => e.Parts[1] == "out").Sum(e => e.Value), Math.Round(g.Where(e => e.Parts[1] == "cost").Sum(e => e.Value), 6)))
            .OrderBy(m => m.Model, StringComparer.Ordinal).ToList();
        double? Share(string part, string whole) => Count(whole) == 0 ? null : Math.Round((double)Count(part) / Count(whole), 4);
        var reviewerCost = Count(GatesHuman) * options.ReviewerMinutesPerDecision / 60 * options.ReviewerCostPerHour;
        var inferenceCost = counts.GetValueOrDefault(InferenceCost);
        var business = new BusinessKpis(Share(GatesAutoApproved, Gates), Share(GatesOverridden, GatesHuman), Share("escalated", Gates),
            await Percentiles(db, scopes, "first-response"), Count("completed") == 0 ? null : Math.Round((inferenceCost + reviewerCost) / Count("completed"), 6),
            Math.Round(inferenceCost, 6), Math.Round(reviewerCost, 2), Count(Gates), options.ReviewerMinutesPerDecision, options.ReviewerCostPerHour);
        return new KpiReport(definitionId, version, Count("started"), Count("completed"), Count("failed"), Count("cancelled"), Count("incident"), waitingOnApproval,
            Count("completed") == 0 ? null : Math.Round((double)Count("completed_without_edit") / Count("completed"), 4),
            await Percentiles(db, scopes, "turnaround"), await Percentiles(db, scopes, "steps"), models, business, From: from, To: to);
    }

    /// <summary>Each UTC day from <paramref name="from"/> to <paramref name="to"/> with its instances by outcome (days without any included, as zeros).</summary>
    public async Task<IReadOnlyList<DailyKpis>> DailyAsync(string definitionId, int version, DateOnly from, DateOnly to)
    {
        var db = redis.GetDatabase();
        var days = Enumerable.Range(0, to.DayNumber - from.DayNumber + 1).Select(from.AddDays).ToList();
        var fields = days.Select(d => (RedisValue)d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToArray();
        // One read per outcome, sent together (one round trip, not five).
        var reads = DailyOutcomes.ToDictionary(o => o, o => db.HashGetAsync($"{Key(definitionId, version)}:daily:{o}", fields));
        await Task.WhenAll(reads.Values);
        var counts = reads.ToDictionary(r => r.Key, r => r.Value.Result);

        long At(string outcome, int i) => counts[outcome][i].TryParse(out long n) ? n : 0;
        return [.. days.Select((day, i) => new DailyKpis(day, At("started", i), At("completed", i), At("failed", i), At("cancelled", i), At("incident", i)))];
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string DayScope(string key, DateOnly day) => $"{key}:day:{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>Where a figure recorded now goes: the version's whole life and today (see <see cref="KeepDay"/>).</summary>
    private string[] Scopes(string key) => [key, DayScope(key, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))];

    /// <summary>After a write to a day's key: it expires <see cref="DayKept"/> after its last write (only today's are written).</summary>
    private static void KeepDay(IDatabase db, string key) => db.KeyExpire(key, DayKept, Fire);

    private static void Increment(IDatabase db, string[] scopes, params string[] fields)
    {
        foreach (var scope in scopes)
        {
            foreach (var field in fields)
            {
                db.HashIncrement(scope, field, flags: Fire);
            }
        }

        KeepDay(db, scopes[1]);
    }

    /// <summary>Recent values for percentiles: the newest <see cref="Samples"/> of the whole life, <see cref="DaySamples"/> of a day.</summary>
    private static void Sample(IDatabase db, string scope, string measure, params double[] values)
    {
        if (values.Length == 0)
        {
            return;
        }

        var key = $"{scope}:{measure}";
        db.ListLeftPush(key, [.. values.Select(v => (RedisValue)v.ToString("R", CultureInfo.InvariantCulture))], Fire);
        var day = scope.Contains(":day:", StringComparison.Ordinal);
        db.ListTrim(key, 0, (day ? DaySamples : Samples) - 1, Fire);
        if (day)
        {
            KeepDay(db, key);
        }
    }

    private static async Task<Percentiles?> Percentiles(IDatabase db, string[] scopes, string measure)
    {
        var values = (await Task.WhenAll(scopes.Select(scope => db.ListRangeAsync($"{scope}:{measure}")))).SelectMany(v => v)
            .Select(v => double.Parse(v.ToString(), CultureInfo.InvariantCulture)).Order().ToList();
        return values.Count == 0 ? null : new Percentiles(values.Count, Math.Round(values[values.Count / 2], 3), Math.Round(values[Math.Min(values.Count - 1, (int)(values.Count * 0.95))], 3));
    }
}

/// <summary>What a reviewer's decision costs, for the cost per resolution (configuration: Workflows:Kpis).</summary>
public sealed class KpiOptions
{
    public const string SectionName = "Workflows:Kpis";

    [System.ComponentModel.DataAnnotations.Range(0.0, 600.0)]
    public double ReviewerMinutesPerDecision { get; set; } = 3;

    [System.ComponentModel.DataAnnotations.Range(0.0, 10_000.0)]
    public double ReviewerCostPerHour { get; set; } = 40;
}
