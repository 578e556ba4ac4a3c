using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml;
using Integration.Workflows.Activities;
using Integration.Workflows.Definitions;

namespace Integration.Workflows.Runtime;

/// <summary>
/// Interprets a flowchart: runs tokens step by step, follows the connection of each step's outcome, and stops a
/// token where it must wait (approval, delay, timer, a retry's backoff) with a bookmark that a later call resumes.
/// It keeps no state of its own: everything is in <see cref="InstanceState"/>. <paramref name="checkpoint"/> is called
/// before each step that reaches outside (a model, a connector), with that step still to run, so that the host can
/// persist the state it starts from; the host persists again when a run stops (waiting, done, failed, incident).
/// </summary>
public sealed class FlowEngine(WorkflowDefinition definition, IActivityExecutor executor, TimeProvider time, Func<InstanceState, Task>? checkpoint = null)
{
    private readonly TimeProvider _time = time;
    private readonly Dictionary<string, ActivityNode> _nodes = (definition.Activities ?? []).ToDictionary(a => a.Id!, StringComparer.Ordinal);
    private readonly IReadOnlyList<Connection> _connections = definition.Connections ?? [];

    public async Task StartAsync(InstanceState state, string triggerId, CancellationToken cancellationToken)
    {
        state.Tokens.Add(new Token(NextId(state), triggerId));
        await RunAsync(state, cancellationToken);
    }

    /// <summary>Runs until no token is ready: the instance then completes, fails, waits or is an incident.</summary>
    public async Task RunAsync(InstanceState state, CancellationToken cancellationToken)
    {
        while (state.Tokens.Count > 0 && state.Status is InstanceStatus.Running or InstanceStatus.Waiting)
        {
            state.Status = InstanceStatus.Running;
            var token = state.Tokens[0];
            if (checkpoint is not null && ActivityCatalog.Find(_nodes[token.ActivityId].Type)?.Runner == ActivityRunner.Services)
            {
                await checkpoint(state);
            }

            state.Tokens.RemoveAt(0);
            await StepAsync(state, token, cancellationToken);
        }

        if (state.Status == InstanceStatus.Running)
        {
            state.Status = state.Bookmarks.Count == 0 ? InstanceStatus.Completed : state.Bookmarks.Any(b => b.Kind == BookmarkKind.Incident) ? InstanceStatus.Incident : InstanceStatus.Waiting;
        }
    }

    /// <summary>A decision arrived for a waiting token (an approval): the step completes with that outcome and outputs.</summary>
    public async Task ResumeAsync(InstanceState state, string tokenId, string outcome, JsonObject outputs, CancellationToken cancellationToken)
    {
        var bookmark = state.Bookmarks.Single(b => b.TokenId == tokenId);
        state.Bookmarks.Remove(bookmark);
        var node = _nodes[bookmark.ActivityId];
        Complete(state, node, outputs, outcome, bookmark.Attempt, null, "resumed");
        await RunAsync(state, cancellationToken);
    }

    /// <summary>Wakes what was due by <paramref name="now"/>: delays and timers go on, retries try again.</summary>
    public async Task ResumeDueAsync(InstanceState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var bookmark in state.Bookmarks.Where(b => b.DueAt <= now).OrderBy(b => b.DueAt).ToList())
        {
            state.Bookmarks.Remove(bookmark);
            if (bookmark.Kind == BookmarkKind.Retry)
            {
                state.Tokens.Add(new Token(bookmark.TokenId, bookmark.ActivityId, bookmark.Attempt));
            }
            else
            {
                Complete(state, _nodes[bookmark.ActivityId], [], "done", bookmark.Attempt, null, "resumed");
            }
        }

        await RunAsync(state, cancellationToken);
    }

    /// <summary>After a fix: every incident's step is tried again from its first attempt.</summary>
    public async Task RetryIncidentsAsync(InstanceState state, CancellationToken cancellationToken)
    {
        foreach (var incident in state.Bookmarks.Where(b => b.Kind == BookmarkKind.Incident).ToList())
        {
            state.Bookmarks.Remove(incident);
            state.Tokens.Add(new Token(incident.TokenId, incident.ActivityId));
        }

        state.Error = null;
        state.Status = InstanceStatus.Running;
        await RunAsync(state, cancellationToken);
    }

    public static void Cancel(InstanceState state, string reason)
    {
        state.Tokens.Clear();
        state.Bookmarks.Clear();
        state.Status = InstanceStatus.Cancelled;
        state.Error = reason;
    }

    public DateTimeOffset? NextDue(InstanceState state) => state.Bookmarks.Where(b => b.DueAt is not null).Select(b => b.DueAt).Min();

    /// <summary>The activity types the interpreter carries out itself; the catalog's others go to the executor.</summary>
    public static IReadOnlyCollection<string> Runs => EngineSteps.Keys;

    private readonly record struct EngineStep(InstanceState State, ActivityNode Node, JsonObject Inputs, Token Token, long Started);

    private static readonly Dictionary<string, Action<FlowEngine, EngineStep>> EngineSteps = new(StringComparer.Ordinal)
    {
        [ActivityTypes.TriggerManual] = (e, s) => e.Complete(s.State, s.Node, new JsonObject { ["input"] = s.State.Input.DeepClone() }, "done", s.Token.Attempt, s.Started),
        [ActivityTypes.TriggerConnectorEvent] = (e, s) => e.Complete(s.State, s.Node, new JsonObject { ["event"] = s.State.Event?.DeepClone() }, "done", s.Token.Attempt, s.Started),
        [ActivityTypes.TriggerSchedule] = (e, s) => e.Complete(s.State, s.Node, new JsonObject { ["firedAt"] = e._time.GetUtcNow().ToString("O") }, "done", s.Token.Attempt, s.Started),
        [ActivityTypes.SetVariable] = (e, s) =>
        {
            s.State.Vars[s.Inputs["variable"]!.GetValue<string>()] = s.Inputs["value"]?.DeepClone();
            e.Complete(s.State, s.Node, [], "done", s.Token.Attempt, s.Started);
        },
        [ActivityTypes.Decision] = (e, s) => e.Complete(s.State, s.Node, [], Expressions.IsTrue(s.Inputs["condition"]) ? "true" : "false", s.Token.Attempt, s.Started),
        [ActivityTypes.Switch] = (e, s) => e.Complete(s.State, s.Node, [], SwitchOutcome(s.State, s.Node), s.Token.Attempt, s.Started),
        [ActivityTypes.Fork] = (e, s) => e.Complete(s.State, s.Node, [], outcome: null, s.Token.Attempt, s.Started),
        [ActivityTypes.Join] = (e, s) => e.Join(s.State, s.Node, s.Token, s.Started),
        [ActivityTypes.ForEach] = (e, s) => e.ForEach(s.State, s.Node, s.Inputs, s.Token, s.Started),
        [ActivityTypes.Delay] = (e, s) => e.Wait(s.State, s.Token, s.Node, BookmarkKind.Delay, e._time.GetUtcNow() + XmlConvert.ToTimeSpan(s.Inputs["duration"]!.GetValue<string>()), s.Inputs),
        [ActivityTypes.Timer] = (e, s) => e.Wait(s.State, s.Token, s.Node, BookmarkKind.Timer,
            DateTimeOffset.Parse(s.Inputs["until"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), s.Inputs),
        [ActivityTypes.ApprovalGate] = (e, s) => e.Wait(s.State, s.Token, s.Node, BookmarkKind.Approval, null, s.Inputs),
        [ActivityTypes.End] = (e, s) =>
        {
            s.State.Outputs = s.Inputs["outputs"] as JsonObject ?? [];
            e.Journal(s.State, s.Node, "completed", outputs: s.State.Outputs, attempt: s.Token.Attempt);
            s.State.Tokens.Clear();
            s.State.Bookmarks.Clear();
            s.State.Status = InstanceStatus.Completed;
        },
        [ActivityTypes.Fail] = (e, s) =>
        {
            e.Journal(s.State, s.Node, "failed", error: s.Inputs["reason"]?.GetValue<string>(), attempt: s.Token.Attempt);
            s.State.Tokens.Clear();
            s.State.Bookmarks.Clear();
            s.State.Error = s.Inputs["reason"]?.GetValue<string>() ?? "The workflow failed.";
            s.State.Status = InstanceStatus.Failed;
        },
    };

    private async Task StepAsync(InstanceState state, Token token, CancellationToken cancellationToken)
    {
        var node = _nodes[token.ActivityId];
        var descriptor = ActivityCatalog.Find(node.Type)!;
        if (token.Attempt == 1)
        {
            state.Visits[node.Id!] = state.Visits.GetValueOrDefault(node.Id!) + 1;
        }

        var started = Stopwatch.GetTimestamp();
        JsonObject inputs;
        try
        {
            inputs = ResolveInputs(state, node, descriptor);
        }
        catch (Exception e) when (e is ExpressionException or TemplateException)
        {
            Incident(state, token, node, e.Message);
            return;
        }

        Journal(state, node, "started", inputs: inputs, attempt: token.Attempt);
        if (descriptor.Runner == ActivityRunner.Engine)
        {
            EngineSteps[node.Type!](this, new EngineStep(state, node, inputs, token, started));
            return;
        }

        var key = $"{state.Id}:{node.Id}:{state.Visits[node.Id!]}";
        try
        {
            var result = await executor.ExecuteAsync(new ActivityContext(state, node, descriptor, inputs, key, token.Attempt), cancellationToken);
            Complete(state, node, result.Outputs, result.Outcome, token.Attempt, started);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Failed(state, token, node, e.Message);
        }
    }

    private JsonObject ResolveInputs(InstanceState state, ActivityNode node, ActivityDescriptor descriptor)
    {
        var scope = state.Scope();
        var resolved = new JsonObject();
        foreach (var input in descriptor.Inputs)
        {
            if (node.Inputs?.TryGetValue(input.Name, out var raw) != true)
            {
                resolved[input.Name] = input.Default is { } fallback ? JsonNode.Parse(fallback.GetRawText()) : null;
                continue;
            }

            resolved[input.Name] = input.Kind switch
            {
                InputKind.Expression => Expressions.Evaluate(raw.GetString()!, scope),
                InputKind.Template => Templates.Render(raw.GetString()!, scope),
                _ => JsonNode.Parse(raw.GetRawText()),
            };
        }

        return resolved;
    }

    private static string SwitchOutcome(InstanceState state, ActivityNode node)
    {
        var scope = state.Scope();
        foreach (var entry in node.Inputs!["cases"].EnumerateArray())
        {
            if (entry.ValueKind == JsonValueKind.Object && Expressions.IsTrue(Expressions.Evaluate(entry.GetProperty("condition").GetString()!, scope)))
            {
                return entry.GetProperty("name").GetString()!;
            }
        }

        return "default";
    }

    private void Join(InstanceState state, ActivityNode node, Token token, long started)
    {
        var incoming = _connections.Count(c => c.To == node.Id);
        var arrived = state.JoinArrivals[node.Id!] = state.JoinArrivals.GetValueOrDefault(node.Id!) + 1;
        var mode = node.Inputs?.TryGetValue("mode", out var m) == true ? WireNames.FromWireName<JoinMode>(m.GetString()) : JoinMode.All;
        if (mode == JoinMode.Any ? arrived == 1 : arrived == incoming)
        {
            Complete(state, node, [], "done", token.Attempt, started);
        }

        if (arrived >= incoming)
        {
            state.JoinArrivals.Remove(node.Id!); // ready for the next round (a join inside a loop)
        }
    }

    private void ForEach(InstanceState state, ActivityNode node, JsonObject inputs, Token token, long started)
    {
        var items = inputs["items"] as JsonArray ?? [];
        var position = state.ForEachPositions.GetValueOrDefault(node.Id!);
        if (position < items.Count)
        {
            state.ForEachPositions[node.Id!] = position + 1;
            state.Vars[inputs["variable"]?.GetValue<string>() ?? "item"] = items[position]?.DeepClone();
            Complete(state, node, new JsonObject { ["index"] = position }, "iterate", token.Attempt, started);
        }
        else
        {
            state.ForEachPositions.Remove(node.Id!);
            Complete(state, node, new JsonObject { ["count"] = items.Count }, "done", token.Attempt, started);
        }
    }

    private void Wait(InstanceState state, Token token, ActivityNode node, BookmarkKind kind, DateTimeOffset? dueAt, JsonObject inputs)
    {
        state.Bookmarks.Add(new Bookmark(token.Id, node.Id!, kind, dueAt, inputs, token.Attempt));
        Journal(state, node, "waiting", inputs: inputs, attempt: token.Attempt);
    }

    /// <summary>
    /// A failed step is tried again after an exponential backoff while attempts remain; then its "failed" outcome is
    /// taken if the definition connects one, and otherwise the instance becomes an incident (resumable after a fix).
    /// </summary>
    private void Failed(InstanceState state, Token token, ActivityNode node, string error)
    {
        var policy = node.Retry ?? new RetryPolicy();
        Journal(state, node, "failed", error: error, attempt: token.Attempt);
        if (token.Attempt < policy.MaxAttempts)
        {
            // Never longer than a day between attempts, however steep the backoff (the validator keeps the inputs sane).
            var delay = TimeSpan.FromMilliseconds(Math.Min(TimeSpan.FromDays(1).TotalMilliseconds,
                XmlConvert.ToTimeSpan(policy.InitialDelay).TotalMilliseconds * Math.Pow(policy.BackoffFactor, token.Attempt - 1)));
            state.Bookmarks.Add(new Bookmark(token.Id, node.Id!, BookmarkKind.Retry, _time.GetUtcNow() + delay, null, token.Attempt + 1));
            return;
        }

        if (_connections.Any(c => c.From == node.Id && c.Outcome == "failed"))
        {
            Complete(state, node, new JsonObject { ["error"] = error }, "failed", token.Attempt, null);
            return;
        }

        Incident(state, token, node, error);
    }

    private static void Incident(InstanceState state, Token token, ActivityNode node, string error)
    {
        state.Bookmarks.Add(new Bookmark(token.Id, node.Id!, BookmarkKind.Incident, null, new JsonObject { ["error"] = error }, token.Attempt));
        state.Error = $"{node.Id}: {error}";
        state.Status = InstanceStatus.Incident;
    }

    /// <summary>Records the step's outputs and sends a token down each connection of its outcome (every one, for a fork).</summary>
    private void Complete(InstanceState state, ActivityNode node, JsonObject outputs, string? outcome, int attempt, long? started, string journalEvent = "completed")
    {
        state.Steps[node.Id!] = outputs.DeepClone();
        Journal(state, node, journalEvent, outputs: outputs, outcome: outcome, attempt: attempt,
            durationMs: started is { } s ? Stopwatch.GetElapsedTime(s).TotalMilliseconds : null);
        foreach (var connection in _connections.Where(c => c.From == node.Id && (outcome is null || (c.Outcome ?? "done") == outcome)))
        {
            state.Tokens.Add(new Token(NextId(state), connection.To!));
        }
    }

    private void Journal(InstanceState state, ActivityNode node, string journalEvent, JsonNode? inputs = null, JsonNode? outputs = null, string? outcome = null,
        string? error = null, int attempt = 1, double? durationMs = null) =>
        state.Journal.Add(new JournalEntry(++state.Sequence, _time.GetUtcNow(), node.Id!, node.Type!, journalEvent, inputs?.DeepClone(), outputs?.DeepClone(),
            outcome, error, attempt, durationMs));

    private static string NextId(InstanceState state) => $"t{++state.Sequence}";
}
