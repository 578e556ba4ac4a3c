using System.Text.Json.Nodes;
using Integration.Workflows.Activities.Models;
using Integration.Workflows.Runtime;

namespace Integration.Workflows.Activities;

/// <summary>How a step ended, for the engine to carry on: it went on by an outcome, waits, waits for other branches, or ended the instance.</summary>
public abstract record StepResult
{
    private StepResult()
    {
    }

    /// <summary>Done: the outputs are the step's (<c>steps.{id}</c>), and the connections of the outcome are followed (every one when it is null: a fork).</summary>
    /// <param name="Call">The model call the step made, when it made one: what KPIs, feedback and the task page read.</param>
    public sealed record Completed(JsonObject Outputs, string? Outcome = "done", ModelCall? Call = null) : StepResult;

    /// <summary>Waits for a decision (an approval), a moment (a delay, a timer) or another instance (a sub-workflow), with what it needs kept.</summary>
    public sealed record Waiting(BookmarkKind Kind, DateTimeOffset? DueAt, JsonObject? Data = null) : StepResult;

    /// <summary>Nothing goes on yet (a join whose other branches have not arrived).</summary>
    public sealed record Held : StepResult;

    /// <summary>The instance completes with these outputs; every other branch stops.</summary>
    public sealed record Ended(JsonObject Outputs) : StepResult;

    /// <summary>The instance fails with this reason; every other branch stops.</summary>
    public sealed record FailedInstance(string Reason) : StepResult;

    public static StepResult Done(JsonObject? outputs = null, string? outcome = "done") => new Completed(outputs ?? [], outcome);
}
