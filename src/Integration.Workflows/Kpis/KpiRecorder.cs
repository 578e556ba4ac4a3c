using System.Diagnostics.Metrics;
using System.Globalization;
using Integration.Workflows.Activities;
using Integration.Workflows.Runtime;
using StackExchange.Redis;

namespace Integration.Workflows.Kpis;

/// <summary>
/// Counts what process owners judge a workflow by, per workflow and version: instances started, completed, failed,
/// cancelled and in incident; completions without a human edit; approval turnaround; step latency; tokens per model.
/// Totals and recent samples (for percentiles) go to Redis, shared by every silo; the same figures go to OpenTelemetry.
/// The Redis writes are fire-and-forget: counting never slows a step, and a silo that dies loses at most its last few counts.
/// </summary>
public sealed class KpiRecorder(IConnectionMultiplexer redis)
{
    public const string MeterName = "Integration.Workflows";
    private const int Samples = 2000;
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
        db.HashIncrement(Key(state.DefinitionId, state.Version), outcome, flags: Fire);
        // Only a reviewer edits: an instance that passed no approval gate was not edited, and needs no look-up.
        if (outcome == "completed" && (state.Journal.All(e => e.ActivityType != ActivityTypes.ApprovalGate) || !await db.SetContainsAsync("workflows:kpi:edited", state.Id)))
        {
            db.HashIncrement(Key(state.DefinitionId, state.Version), "completed_without_edit", flags: Fire);
        }
    }

    /// <summary>Step latencies and model tokens from the journal entries written since the last call.</summary>
    public Task StepsAsync(InstanceState state)
    {
        var db = redis.GetDatabase();
        var key = Key(state.DefinitionId, state.Version);
        var latencies = new List<double>();
        foreach (var entry in state.Journal.Where(e => e.Sequence > state.KpiSequence && e.Event == "completed"))
        {
            if (entry.DurationMs is { } ms)
            {
                StepLatency.Record(ms, new("workflow", state.DefinitionId), new("activity", entry.ActivityType));
                latencies.Add(ms);
            }

            if (entry.Outputs?["model"]?.GetValue<string>() is { } model && entry.Outputs["tokens"] is { } tokens)
            {
                var (input, output) = (tokens["in"]?.GetValue<long>() ?? 0, tokens["out"]?.GetValue<long>() ?? 0);
                Tokens.Add(input + output, new("workflow", state.DefinitionId), new("model", model));
                db.HashIncrement($"{key}:models", $"{model}|calls", flags: Fire);
                db.HashIncrement($"{key}:models", $"{model}|in", input, Fire);
                db.HashIncrement($"{key}:models", $"{model}|out", output, Fire);
            }
        }

        Sample(db, $"{key}:steps", [.. latencies]);
        state.KpiSequence = state.Sequence;
        return Task.CompletedTask;
    }

    public async Task ApprovalDecidedAsync(string instanceId, string definitionId, int version, TimeSpan turnaround, bool edited)
    {
        Turnaround.Record(turnaround.TotalSeconds, new KeyValuePair<string, object?>("workflow", definitionId));
        var db = redis.GetDatabase();
        Sample(db, $"{Key(definitionId, version)}:turnaround", turnaround.TotalSeconds);
        if (edited)
        {
            await db.SetAddAsync("workflows:kpi:edited", instanceId);
        }
    }

    public async Task<KpiReport> ReportAsync(string definitionId, int version, int waitingOnApproval)
    {
        var db = redis.GetDatabase();
        var key = Key(definitionId, version);
        var counts = (await db.HashGetAllAsync(key)).ToDictionary(e => e.Name.ToString(), e => (long)e.Value);
        long Count(string name) => counts.GetValueOrDefault(name);
        var models = (await db.HashGetAllAsync($"{key}:models"))
            .Select(e => (Parts: e.Name.ToString().Split('|'), Value: (long)e.Value))
            .GroupBy(e => e.Parts[0])
            .Select(g => new ModelUsage(g.Key, g.Where(e => e.Parts[1] == "calls").Sum(e => e.Value), g.Where(e => e.Parts[1] == "in").Sum(e => e.Value),
                g.Where(e => e.Parts[1] == "out").Sum(e => e.Value)))
            .OrderBy(m => m.Model, StringComparer.Ordinal).ToList();
        return new KpiReport(definitionId, version, Count("started"), Count("completed"), Count("failed"), Count("cancelled"), Count("incident"), waitingOnApproval,
            Count("completed") == 0 ? null : Math.Round((double)Count("completed_without_edit") / Count("completed"), 4),
            await Percentiles(db, $"{key}:turnaround"), await Percentiles(db, $"{key}:steps"), models);
    }

    /// <summary>Recent values for percentiles: the newest <see cref="Samples"/> are kept.</summary>
    private static void Sample(IDatabase db, string key, params double[] values)
    {
        if (values.Length == 0)
        {
            return;
        }

        db.ListLeftPush(key, [.. values.Select(v => (RedisValue)v.ToString("R", CultureInfo.InvariantCulture))], Fire);
        db.ListTrim(key, 0, Samples - 1, Fire);
    }

    private static async Task<Percentiles?> Percentiles(IDatabase db, string key)
    {
        var values = (await db.ListRangeAsync(key)).Select(v => double.Parse(v.ToString(), CultureInfo.InvariantCulture)).Order().ToList();
        return values.Count == 0 ? null : new Percentiles(values.Count, Math.Round(values[values.Count / 2], 3), Math.Round(values[Math.Min(values.Count - 1, (int)(values.Count * 0.95))], 3));
    }
}

public sealed record Percentiles(int Samples, double P50, double P95);

public sealed record ModelUsage(string Model, long Calls, long TokensIn, long TokensOut);

/// <param name="CompletedWithoutEditShare">Share of completed instances in which no reviewer edited a model's output.</param>
/// <param name="ApprovalTurnaroundSeconds">From a gate's task to its decision.</param>
/// <param name="StepLatencyMs">Each completed step, in milliseconds.</param>
public sealed record KpiReport(string Workflow, int Version, long Started, long Completed, long Failed, long Cancelled, long Incidents, int WaitingOnApproval,
    double? CompletedWithoutEditShare, Percentiles? ApprovalTurnaroundSeconds, Percentiles? StepLatencyMs, IReadOnlyList<ModelUsage> Models);
