using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace Integration.Workflows.Runtime;

/// <summary>The names an expression or a template sees: <c>input</c>, <c>event</c>, <c>vars</c> and <c>steps</c> (each step's outputs).</summary>
public sealed record Scope(JsonObject Input, JsonObject? Event, JsonObject Vars, JsonObject Steps)
{
    public IEnumerable<(string Name, JsonNode? Value)> Entries => [("input", Input), ("event", Event), ("vars", Vars), ("steps", Steps)];

    /// <summary>
    /// The entries a text (an expression, a template) names: only those are handed to its engine, since converting the
    /// instance's whole data for every step costs more than the step. A name the text does not spell out cannot be read.
    /// </summary>
    public IEnumerable<(string Name, JsonNode? Value)> NamedIn(string text) => Entries.Where(e => text.Contains(e.Name, StringComparison.Ordinal));
}

/// <summary>
/// Everything an instance is: the version it runs, its data (input, trigger event, variables, each step's outputs),
/// where execution stands (tokens) and waits (bookmarks), and its journal. Plain data, so that it can be stored at
/// each checkpoint and a restarted process goes on from it.
/// </summary>
[GenerateSerializer]
public sealed class InstanceState
{
    [Id(0)]
    public required string Id { get; init; }

    [Id(1)]
    public required string DefinitionId { get; init; }

    [Id(2)]
    public required int Version { get; init; }

    [Id(3)]
    public InstanceStatus Status { get; set; } = InstanceStatus.Running;

    [Id(4)]
    public JsonObject Input { get; set; } = [];

    [Id(5)]
    public JsonObject? Event { get; set; }

    [Id(6)]
    public JsonObject Vars { get; set; } = [];

    [Id(7)]
    public JsonObject Steps { get; set; } = [];

    [Id(8)]
    public JsonObject? Outputs { get; set; }

    [Id(9)]
    public string? Error { get; set; }

    [Id(10)]
    public List<Token> Tokens { get; set; } = [];

    [Id(11)]
    public List<Bookmark> Bookmarks { get; set; } = [];

    /// <summary>How many times each activity was entered: part of the idempotency key of its side effects.</summary>
    [Id(12)]
    public Dictionary<string, int> Visits { get; set; } = [];

    [Id(13)]
    public Dictionary<string, int> JoinArrivals { get; set; } = [];

    [Id(14)]
    public Dictionary<string, int> ForEachPositions { get; set; } = [];

    [Id(15)]
    public List<JournalEntry> Journal { get; set; } = [];

    /// <summary>
    /// What the governance service's placeholders stand for (<c>&lt;PERSON_1&gt;</c> → the name): kept so that values
    /// leaving toward a SaaS get the real data back. Never journaled, never sent to a model.
    /// </summary>
    [Id(16)]
    public Dictionary<string, string> Placeholders { get; set; } = [];

    [Id(17)]
    public int Sequence { get; set; }

    /// <summary>When the instance's first approved output left for a SaaS (its first connector step after a gate): its first response.</summary>
    [Id(19)]
    public DateTimeOffset? RespondedAt { get; set; }

    [Id(20)]
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The key the instance was started under (a business key, or the trigger event's id), when it had one.</summary>
    [Id(21)]
    public string? BusinessKey { get; set; }

    /// <summary>The workflow.call step that started this instance, when one did.</summary>
    [Id(22)]
    public ParentStep? Parent { get; set; }

    /// <summary>How many calls deep the instance runs: a workflow.call refuses to go past the configured limit.</summary>
    [Id(23)]
    public int CallDepth { get; set; }

    /// <summary>The last journal entry counted into the KPIs, so that a replayed step is not counted twice.</summary>
    [Id(18)]
    public int KpiSequence { get; set; }

    /// <summary>When the instance started (for one kept before that was recorded: its first journal entry).</summary>
    public DateTimeOffset StartedAt => CreatedAt != default ? CreatedAt : Journal.Count > 0 ? Journal[0].At : default;

    /// <summary>What expressions and templates read: the instance's data itself, not a copy; they never change it.</summary>
    public Scope Scope() => new(Input, Event, Vars, Steps);
}
