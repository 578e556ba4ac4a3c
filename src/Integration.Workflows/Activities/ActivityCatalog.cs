using System.Text.Json;
using Integration.Workflows.Approvals;

namespace Integration.Workflows.Activities;

/// <summary>Every activity a definition may use. Outcome "done" is the ordinary way on; "failed" is taken when a step's retries run out and the definition says where to go.</summary>
public static class ActivityCatalog
{
    private static ActivityInput Literal(string name, string type, string description, bool required = false, object? @default = null) =>
        new(name, type, InputKind.Literal, required, description, @default is null ? null : JsonSerializer.SerializeToElement(@default));

    private static ActivityInput Choice<T>(string name, string description, T @default) where T : struct, Enum =>
        new(name, "string", InputKind.Literal, false, description, JsonSerializer.SerializeToElement(@default.WireName()),
            [.. Enum.GetValues<T>().Select(value => value.WireName())]);

    private static ActivityInput Expression(string name, string description, bool required = true) => new(name, "expression", InputKind.Expression, required, description);

    private static ActivityInput Template(string name, string description, bool required = true) => new(name, "template", InputKind.Template, required, description);

    private static readonly ActivityInput Model = Literal("model", "string", "The inference service's logical model (e.g. ticket-classifier).", required: true);

    public static readonly IReadOnlyList<ActivityDescriptor> All =
    [
        new(ActivityTypes.TriggerManual, "Triggers", "Manual or API start", "Starts an instance when a user or a system calls the start API with the workflow's inputs.",
            [], [new("input", "object", "The start request's inputs")], ["done"], IsTrigger: true),
        new(ActivityTypes.TriggerConnectorEvent, "Triggers", "Connector event", "Starts an instance for each trigger event of a type (e.g. zendesk.ticket.created) from the connector service.",
            [Literal("eventType", "string", "Event type, e.g. zendesk.ticket.created", required: true), Expression("filter", "Optional condition on the event", required: false)],
            [new("event", "object", "The trigger event: id, source, type, subject, time, data")], ["done"], IsTrigger: true),
        new(ActivityTypes.TriggerSchedule, "Triggers", "Schedule", "Starts an instance on a cron schedule (Cronos syntax, UTC unless a time zone is given).",
            [new("cron", "string", InputKind.Cron, true, "Cron expression, e.g. 0 8 * * MON-FRI"), Literal("timeZone", "string", "IANA time zone", @default: "UTC")],
            [new("firedAt", "string", "When the schedule fired")], ["done"], IsTrigger: true),

        new(ActivityTypes.Classify, "AI", "Classify", "Classifies text into the model's labels with a confidence; input guard before, output guard after.",
            [Model, Template("text", "The text to classify"),
             Literal("compareArms", "boolean", "When the model is an A/B split, ask every arm and say whether they agree (extra model calls)", @default: false)],
            [new("label", "string", "Best label"), new("confidence", "number", "Its probability"), new("scores", "object", "Probability per label"),
             new("arms", "object", "Each arm's label, when arms were compared"), new("armsAgree", "boolean", "Whether every arm gave the same label")], ["done", "failed"], Runner: ActivityRunner.Services),
        new(ActivityTypes.Extract, "AI", "Extract", "Extracts fields into a JSON Schema (structured output, validated).",
            [Model, Template("text", "The text to read"), Literal("schema", "object", "JSON Schema of the fields", required: true)], [new("data", "object", "The fields")], ["done", "failed"], Runner: ActivityRunner.Services),
        new(ActivityTypes.Summarize, "AI", "Summarize", "Summarizes text.",
            [Model, Template("text", "The text to summarize")], [new("summary", "string", "The summary")], ["done", "failed"], Runner: ActivityRunner.Services),
        new(ActivityTypes.Generate, "AI", "Generate", "Generates text from a Liquid prompt template.",
            [Model, Template("prompt", "The prompt, a Liquid template over the instance's variables"), Literal("temperature", "number", "Sampling temperature", @default: 0)],
            [new("text", "string", "The generated text"), new("citations", "array", "Knowledge-base references, when the model cites")], ["done", "failed"], Runner: ActivityRunner.Services),
        new(ActivityTypes.Retrieve, "AI", "Retrieve", "Finds knowledge-base passages with scores and citations.",
            [Literal("collection", "string", "Knowledge-base collection", @default: "support"), Template("query", "What to look for"), Literal("top", "number", "How many passages", @default: 5)],
            [new("passages", "array", "Passages with reference, title, text, score")], ["done", "failed"], Runner: ActivityRunner.Services),
        new(ActivityTypes.Train, "AI", "Retrain classifier",
            "Trains a new version of an embedded classifier on the datasets named (the shipped tickets and the reviewers' corrections) and puts it to the promotion gate; a refusal is an outcome, not a failure. Put a person's approval before it.",
            [Template("model", "The classifier, e.g. ticket-classifier or {{ event.data.model }}"), Literal("datasets", "array", "Datasets whose union is trained on", @default: new[] { "shipped", "feedback" }),
             Literal("promote", "boolean", "Promote the version if it passes the gate", @default: true),
             Template("requestedBy", "Who asked for it, e.g. {{ steps.review.decidedBy | first }}: the promotion log and the audit name them, through the workflow service", required: false)],
            [new("version", "number", "The version trained"), new("promoted", "boolean", "Whether it serves now"), new("checks", "array", "The promotion gate's checks"),
             new("leftOut", "number", "Golden items (or near duplicates) left out of training")],
            ["done", "failed"], Runner: ActivityRunner.Services),

        new(ActivityTypes.ApprovalGate, "Human", "Approval gate", "Waits for reviewers (by user or role; first response, all, or quorum) unless the governance rules auto-approve; approve, reject, edit-and-approve or request changes.",
            [Literal("assignees", "array", "Users or roles (role:reviewer)", required: true), Choice("mode", "first | all | quorum", ApprovalMode.First),
             Literal("quorum", "number", "Approvals needed in quorum mode"), Template("subject", "What the reviewer sees as the task", required: false), Expression("proposal", "The output under review", required: false),
             Literal("outputSchema", "object", "JSON Schema of the output: the task page's form, and an edit that does not fit it is refused"),
             Literal("sla", "string", "Time to decide, e.g. PT4H"), Choice("onSlaBreach", "remind | reassign | reject", SlaAction.Remind)],
            [new("decision", "string", "approved | rejected | changes-requested"), new("output", "object", "The approved (possibly edited) output"), new("decidedBy", "array", "Who decided")],
            ["approved", "rejected", "changes-requested"], Waits: true),

        new(ActivityTypes.ConnectorCall, "Connectors", "Connector call", "Calls an operation of the connector service's catalog (e.g. zendesk.ticket.addComment) with an idempotency key per instance, step and attempt.",
            [Literal("operation", "string", "Catalog operation, e.g. salesforce.case.create", required: true), Literal("connection", "string", "Named connection; the operation's default when empty"),
             Expression("input", "The operation's input object", required: false)],
            [new("output", "object", "The operation's output")], ["done", "failed"], Runner: ActivityRunner.Services),

        new(ActivityTypes.Decision, "Flow", "Decision", "Goes one way or the other on a condition.", [Expression("condition", "A JavaScript condition")], [], ["true", "false"]),
        new(ActivityTypes.Switch, "Flow", "Switch", "Takes the first case whose condition holds, else default.",
            [Literal("cases", "array", "[{\"name\": \"billing\", \"condition\": \"label == 'billing'\"}]", required: true)], [], ["default"], DynamicOutcomes: "cases"),
        new(ActivityTypes.Fork, "Flow", "Fork", "Runs branches in parallel.", [Literal("branches", "array", "Branch names", required: true)], [], [], DynamicOutcomes: "branches"),
        new(ActivityTypes.Join, "Flow", "Join", "Waits for branches: all of them, or the first.", [Choice("mode", "all | any", JoinMode.All)], [], ["done"]),
        new(ActivityTypes.ForEach, "Flow", "For each", "Runs its iterate branch once per item, then goes on.",
            [Expression("items", "The array to go through"), Literal("variable", "string", "Variable holding the current item", @default: "item")], [], ["iterate", "done"]),
        new(ActivityTypes.Delay, "Flow", "Delay", "Waits for a duration.", [Literal("duration", "string", "ISO 8601 duration, e.g. PT15M", required: true)], [], ["done"], Waits: true),
        new(ActivityTypes.Timer, "Flow", "Timer", "Waits until a point in time.", [Expression("until", "An ISO 8601 instant")], [], ["done"], Waits: true),
        new(ActivityTypes.SetVariable, "Flow", "Set variable", "Sets a variable to an expression's value.",
            [Literal("variable", "string", "Variable name", required: true), Expression("value", "The value")], [], ["done"]),
        new(ActivityTypes.End, "Flow", "End", "Completes the instance, with the workflow's outputs.", [Expression("outputs", "The outputs object", required: false)], [], []),
        new(ActivityTypes.Fail, "Flow", "Fail", "Fails the instance with a reason.", [Template("reason", "Why")], [], []),
    ];

    private static readonly Dictionary<string, ActivityDescriptor> ByType = All.ToDictionary(a => a.Type, StringComparer.Ordinal);

    public static ActivityDescriptor? Find(string? type) => type is null ? null : ByType.GetValueOrDefault(type);

    /// <summary>
    /// What is wrong between the catalog and the runners: a type no runner carries out (it would fail at its first step),
    /// or one a runner carries out that the catalog does not name or gives to the other runner. Checked at startup.
    /// </summary>
    public static IReadOnlyList<string> RunnerProblems(IReadOnlyList<ActivityDescriptor> catalog, IReadOnlyDictionary<ActivityRunner, IReadOnlyCollection<string>> runners)
    {
        var problems = new List<string>();
        foreach (var activity in catalog)
        {
            if (!runners.TryGetValue(activity.Runner, out var runs) || !runs.Contains(activity.Type))
            {
                problems.Add($"Activity type '{activity.Type}' is run by {activity.Runner}, which does not carry it out.");
            }
        }

        foreach (var (runner, runs) in runners)
        {
            problems.AddRange(runs.Where(type => catalog.All(a => a.Type != type || a.Runner != runner))
                .Select(type => $"{runner} carries out '{type}', which the catalog does not give it."));
        }

        return problems;
    }
}
