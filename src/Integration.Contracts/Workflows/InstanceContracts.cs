using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Integration.Contracts.Governance;

namespace Integration.Contracts.Workflows;

[JsonConverter(typeof(JsonStringEnumConverter<InstanceStatus>))]
public enum InstanceStatus
{
    Running,
    Waiting,
    Completed,
    Failed,
    Incident,
    Cancelled,
}

/// <summary>Why a token waits.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<BookmarkKind>))]
public enum BookmarkKind
{
    /// <summary>For reviewers' decision at an approval gate.</summary>
    [JsonStringEnumMemberName("approval")]
    Approval,

    /// <summary>For a duration to pass (flow.delay).</summary>
    [JsonStringEnumMemberName("delay")]
    Delay,

    /// <summary>For a point in time (flow.timer).</summary>
    [JsonStringEnumMemberName("timer")]
    Timer,

    /// <summary>For a failed step's backoff before its next attempt.</summary>
    [JsonStringEnumMemberName("retry")]
    Retry,

    /// <summary>For a person to fix what made a step fail, then retry it.</summary>
    [JsonStringEnumMemberName("incident")]
    Incident,

    /// <summary>For a sub-workflow (workflow.call) to end: its child instance says so, or is asked when the bookmark is due.</summary>
    [JsonStringEnumMemberName("child")]
    Child,
}

/// <summary>What a journal entry records of a step.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<JournalEvent>))]
public enum JournalEvent
{
    /// <summary>The step began, with its inputs resolved.</summary>
    [JsonStringEnumMemberName("started")]
    Started,

    /// <summary>The step ended with an outcome and its outputs (or an end activity completed the instance).</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,

    /// <summary>The step waits (a gate, a delay, a timer, a sub-workflow).</summary>
    [JsonStringEnumMemberName("waiting")]
    Waiting,

    /// <summary>A waiting step went on: a decision, its time, its sub-workflow's end.</summary>
    [JsonStringEnumMemberName("resumed")]
    Resumed,

    /// <summary>The step failed (it may be tried again), or a fail activity failed the instance.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
}

/// <summary>A place in the flowchart where execution stands and will go on from.</summary>
/// <param name="Attempt">Which try of this step this is (retries count up).</param>
public sealed record Token(string Id, string ActivityId, int Attempt = 1);

/// <summary>Why a token waits: for a decision (approval), a moment (delay, timer, retry), or a fix (incident).</summary>
public sealed record Bookmark(
    string TokenId,
    string ActivityId,
    BookmarkKind Kind,
    DateTimeOffset? DueAt,
    JsonObject? Data,
    int Attempt = 1);

/// <summary>One thing that happened to a step; <see cref="Call"/> is the model call it made, typed, when it made one.</summary>
public sealed record JournalEntry(
    int Sequence,
    DateTimeOffset At,
    string ActivityId,
    string ActivityType,
    JournalEvent Event,
    JsonNode? Inputs = null,
    JsonNode? Outputs = null,
    string? Outcome = null,
    string? Error = null,
    int Attempt = 1,
    double? DurationMs = null,
    ModelCall? Call = null);

/// <summary>What the input guard did to a model step's text before the model saw it (the placeholders stay with the instance), and a cut if there was one.</summary>
public sealed record GuardSummary(
    GuardDecision Decision,
    string DataClass,
    int Redacted,
    string? Policy,
    TextCut? Cut = null);

/// <summary>A text longer than a model step sends, cut: how long it was and how much of its beginning the model saw.</summary>
public sealed record TextCut(int Characters, int Kept);

/// <summary>
/// The model call a step made, typed, beside its answer: the model asked for and the one that served (an A/B arm, a
/// fallback), its revision, tokens and cost, and the input guard's summary. Kept with the journal entry of the step's
/// completion; KPIs, feedback records, experiments and the task page read it from there.
/// </summary>
public sealed record ModelCall(
    string? Requested,
    string? Served,
    string? Revision,
    long TokensIn,
    long TokensOut,
    decimal? Cost,
    GuardSummary? Guard);

/// <summary>Where a sub-workflow was called from: the parent instance and its workflow.call step.</summary>
public sealed record ParentStep(string InstanceId, string ActivityId);

/// <summary>
/// An instance as the API and the grain's callers see it: every value the governance service redacted put back as its
/// placeholder (in the input, the event, variables, step outputs, bookmarks, the journal and errors), and without the
/// placeholder map itself. The stored instance keeps the real values, which it needs to send replies toward the SaaS.
/// A fresh copy each time, never changed after: immutable for Orleans, which then passes it without copying.
/// </summary>
public sealed record InstanceView(
    string Id,
    string DefinitionId,
    int Version,
    InstanceStatus Status,
    JsonObject Input,
    JsonObject? Event,
    JsonObject Vars,
    JsonObject Steps,
    JsonObject? Outputs,
    string? Error,
    IReadOnlyList<Token> Tokens,
    IReadOnlyList<Bookmark> Bookmarks,
    IReadOnlyDictionary<string, int> Visits,
    IReadOnlyDictionary<string, int> JoinArrivals,
    IReadOnlyDictionary<string, int> ForEachPositions,
    IReadOnlyList<JournalEntry> Journal,
    int Sequence,
    int KpiSequence,
    DateTimeOffset? RespondedAt,
    DateTimeOffset CreatedAt,
    string? BusinessKey,
    ParentStep? Parent = null);

/// <summary>An instance as a list shows it: no inputs or outputs, nothing about the customer.</summary>
public sealed record InstanceSummary(string Id, string DefinitionId, int Version, InstanceStatus Status, string? BusinessKey, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <param name="Next">The cursor for the next (older) page; null on the last.</param>
/// <param name="Scanned">How many instances were looked at to fill the page (a search scans at most a bounded number, then says where it stopped).</param>
public sealed record InstancePage(IReadOnlyList<InstanceSummary> Items, string? Next, int Scanned);
