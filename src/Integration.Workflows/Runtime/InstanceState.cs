using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Integration.Workflows.Runtime;

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
}

/// <summary>A place in the flowchart where execution stands and will go on from.</summary>
/// <param name="Attempt">Which try of this step this is (retries count up).</param>
public sealed record Token(string Id, string ActivityId, int Attempt = 1);

/// <summary>Why a token waits: for a decision (approval), a moment (delay, timer, retry), or a fix (incident).</summary>
public sealed record Bookmark(string TokenId, string ActivityId, BookmarkKind Kind, DateTimeOffset? DueAt, JsonObject? Data, int Attempt = 1);

public sealed record JournalEntry(
    int Sequence,
    DateTimeOffset At,
    string ActivityId,
    string ActivityType,
    string Event,
    JsonNode? Inputs = null,
    JsonNode? Outputs = null,
    string? Outcome = null,
    string? Error = null,
    int Attempt = 1,
    double? DurationMs = null);

/// <summary>
/// Everything an instance is: the version it runs, its data (input, trigger event, variables, each step's outputs),
/// where execution stands (tokens) and waits (bookmarks), and its journal. Plain data, so that it can be stored
/// after every step and a restarted process goes on from it.
/// </summary>
public sealed class InstanceState
{
    public required string Id { get; init; }

    public required string DefinitionId { get; init; }

    public required int Version { get; init; }

    public InstanceStatus Status { get; set; } = InstanceStatus.Running;

    public JsonObject Input { get; set; } = [];

    public JsonObject? Event { get; set; }

    public JsonObject Vars { get; set; } = [];

    public JsonObject Steps { get; set; } = [];

    public JsonObject? Outputs { get; set; }

    public string? Error { get; set; }

    public List<Token> Tokens { get; set; } = [];

    public List<Bookmark> Bookmarks { get; set; } = [];

    /// <summary>How many times each activity was entered: part of the idempotency key of its side effects.</summary>
    public Dictionary<string, int> Visits { get; set; } = [];

    public Dictionary<string, int> JoinArrivals { get; set; } = [];

    public Dictionary<string, int> ForEachPositions { get; set; } = [];

    public List<JournalEntry> Journal { get; set; } = [];

    /// <summary>
    /// What the governance service's placeholders stand for (<c>&lt;PERSON_1&gt;</c> → the name): kept so that values
    /// leaving toward a SaaS get the real data back. Never journaled, never sent to a model.
    /// </summary>
    public Dictionary<string, string> Placeholders { get; set; } = [];

    public int Sequence { get; set; }

    /// <summary>The last journal entry counted into the KPIs, so that a replayed step is not counted twice.</summary>
    public int KpiSequence { get; set; }

    public JsonObject Scope() => new()
    {
        ["input"] = Input.DeepClone(),
        ["event"] = Event?.DeepClone(),
        ["vars"] = Vars.DeepClone(),
        ["steps"] = Steps.DeepClone(),
    };
}
