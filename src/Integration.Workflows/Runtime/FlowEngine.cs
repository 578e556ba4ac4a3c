using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Xml;
using Integration.Workflows.Activities;
using Integration.Workflows.Activities.Models;
using Integration.Workflows.Definitions;

namespace Integration.Workflows.Runtime;

/// <summary>
/// Interprets a flowchart: runs tokens step by step, hands each step to its activity, follows the connection of the
/// outcome it ends with, and stops a token where it must wait (approval, delay, timer, a sub-workflow, a retry's backoff)
/// with a bookmark that a later call resumes. It keeps no state of its own: everything is in <see cref="InstanceState"/>.
/// <paramref name="checkpoint"/> is called before each step that reaches outside (a model, a connector), with that step
/// still to run, so that the host can persist the state it starts from; the host persists again when a run stops
/// (waiting, done, failed, incident).
/// </summary>
public sealed class FlowEngine(WorkflowDefinition definition, ActivityCatalog activities, IServiceProvider services, TimeProvider time,
    Func<InstanceState, Task>? checkpoint = null)
{
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
            if (checkpoint is not null && activities.Find(_nodes[token.ActivityId].Type)?.Runner == ActivityRunner.Services)
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

    /// <summary>A decision arrived for a waiting token (an approval, a sub-workflow's end): the step completes with that outcome and outputs.</summary>
    public async Task ResumeAsync(InstanceState state, string tokenId, string outcome, JsonObject outputs, CancellationToken cancellationToken)
    {
        var bookmark = state.Bookmarks.Single(b => b.TokenId == tokenId);
        state.Bookmarks.Remove(bookmark);
        Complete(state, _nodes[bookmark.ActivityId], outputs, outcome, bookmark.Attempt, null, null, JournalEvent.Resumed);
        await RunAsync(state, cancellationToken);
    }

    /// <summary>
    /// Wakes what was due by <paramref name="now"/>: delays and timers go on, retries try again. A sub-workflow's bookmark is
    /// its host's to look at (the child instance says whether it ended).
    /// </summary>
    public async Task ResumeDueAsync(InstanceState state, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var bookmark in state.Bookmarks.Where(b => b.DueAt <= now && b.Kind != BookmarkKind.Child).OrderBy(b => b.DueAt).ToList())
        {
            state.Bookmarks.Remove(bookmark);
            if (bookmark.Kind == BookmarkKind.Retry)
            {
                state.Tokens.Add(new Token(bookmark.TokenId, bookmark.ActivityId, bookmark.Attempt));
            }
            else
            {
                Complete(state, _nodes[bookmark.ActivityId], [], "done", bookmark.Attempt, null, null, JournalEvent.Resumed);
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

    private async Task StepAsync(InstanceState state, Token token, CancellationToken cancellationToken)
    {
        var node = _nodes[token.ActivityId];
        var activity = activities.Activity(node.Type!);
        if (token.Attempt == 1)
        {
            state.Visits[node.Id!] = state.Visits.GetValueOrDefault(node.Id!) + 1;
        }

        var started = Stopwatch.GetTimestamp();
        JsonObject inputs;
        try
        {
            inputs = ResolveInputs(state, node, activity.Descriptor);
        }
        catch (Exception e) when (e is ExpressionException or TemplateException)
        {
            Incident(state, token, node, e.Message);
            return;
        }

        Journal(state, node, JournalEvent.Started, inputs: inputs, attempt: token.Attempt);
        var context = new StepContext(state, node, inputs, $"{state.Id}:{node.Id}:{state.Visits[node.Id!]}", token.Attempt, services, time,
            _connections.Count(c => c.To == node.Id));
        StepResult result;
        try
        {
            result = await activity.RunAsync(context, cancellationToken);
        }
        catch (Exception e) when (e is ActivityInputException or ExpressionException or TemplateException)
        {
            // The definition's values do not fit: no retry can mend that, a person must.
            Incident(state, token, node, e.Message);
            return;
        }
        catch (ActivityRefusedException e)
        {
            Failed(state, token, node, e.Message, retry: false);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Failed(state, token, node, e.Message);
            return;
        }

        switch (result)
        {
            case StepResult.Completed done:
                Complete(state, node, done.Outputs, done.Outcome, token.Attempt, started, done.Call);
                break;
            case StepResult.Waiting wait:
                state.Bookmarks.Add(new Bookmark(token.Id, node.Id!, wait.Kind, wait.DueAt, wait.Data ?? inputs, token.Attempt));
                Journal(state, node, JournalEvent.Waiting, inputs: inputs, attempt: token.Attempt);
                break;
            case StepResult.Ended end:
                state.Outputs = end.Outputs;
                Journal(state, node, JournalEvent.Completed, outputs: end.Outputs, attempt: token.Attempt);
                Stop(state, InstanceStatus.Completed, null);
                break;
            case StepResult.FailedInstance failed:
                Journal(state, node, JournalEvent.Failed, error: failed.Reason, attempt: token.Attempt);
                Stop(state, InstanceStatus.Failed, failed.Reason);
                break;
        }
    }

    private static void Stop(InstanceState state, InstanceStatus status, string? error)
    {
        state.Tokens.Clear();
        state.Bookmarks.Clear();
        state.Error = error;
        state.Status = status;
    }

    private static JsonObject ResolveInputs(InstanceState state, ActivityNode node, ActivityDescriptor descriptor)
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

    /// <summary>
    /// A failed step is tried again after an exponential backoff while attempts remain (unless it refused, which no retry
    /// changes); then its "failed" outcome is taken if the definition connects one, and otherwise the instance becomes an
    /// incident (resumable after a fix).
    /// </summary>
    private void Failed(InstanceState state, Token token, ActivityNode node, string error, bool retry = true)
    {
        var policy = node.Retry ?? new RetryPolicy();
        Journal(state, node, JournalEvent.Failed, error: error, attempt: token.Attempt);
        if (retry && token.Attempt < policy.MaxAttempts)
        {
            // Never longer than a day between attempts, however steep the backoff (the validator keeps the inputs sane).
            var delay = TimeSpan.FromMilliseconds(Math.Min(TimeSpan.FromDays(1).TotalMilliseconds,
                XmlConvert.ToTimeSpan(policy.InitialDelay).TotalMilliseconds * Math.Pow(policy.BackoffFactor, token.Attempt - 1)));
            state.Bookmarks.Add(new Bookmark(token.Id, node.Id!, BookmarkKind.Retry, time.GetUtcNow() + delay, null, token.Attempt + 1));
            return;
        }

        if (_connections.Any(c => c.From == node.Id && c.Outcome == "failed"))
        {
            Complete(state, node, new JsonObject { ["error"] = error }, "failed", token.Attempt, null, null);
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
    private void Complete(InstanceState state, ActivityNode node, JsonObject outputs, string? outcome, int attempt, long? started, ModelCall? call,
        JournalEvent journalEvent = JournalEvent.Completed)
    {
        state.Steps[node.Id!] = outputs.DeepClone();
        Journal(state, node, journalEvent, outputs: outputs, outcome: outcome, attempt: attempt,
            durationMs: started is { } s ? Stopwatch.GetElapsedTime(s).TotalMilliseconds : null, call: call);
        foreach (var connection in _connections.Where(c => c.From == node.Id && (outcome is null || (c.Outcome ?? "done") == outcome)))
        {
            state.Tokens.Add(new Token(NextId(state), connection.To!));
        }
    }

    private void Journal(InstanceState state, ActivityNode node, JournalEvent journalEvent, JsonNode? inputs = null, JsonNode? outputs = null, string? outcome = null,
        string? error = null, int attempt = 1, double? durationMs = null, ModelCall? call = null) =>
        state.Journal.Add(new JournalEntry(++state.Sequence, time.GetUtcNow(), node.Id!, node.Type!, journalEvent, inputs?.DeepClone(), outputs?.DeepClone(),
            outcome, error, attempt, durationMs, call));

    private static string NextId(InstanceState state) => $"t{++state.Sequence}";
}
