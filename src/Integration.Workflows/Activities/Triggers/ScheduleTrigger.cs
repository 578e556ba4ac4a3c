using System.Globalization;
using System.Text.Json.Nodes;
using Cronos;

namespace Integration.Workflows.Activities.Triggers;

public sealed record ScheduleInputs(
    [property: Input("Cron expression, e.g. 0 8 * * MON-FRI", Kind = InputKind.Cron)] string Cron,
    [property: Input("IANA time zone")] string TimeZone = "UTC");

[Activity(TypeName, "Triggers", "Schedule", "Starts an instance on a cron schedule (Cronos syntax, UTC unless a time zone is given).", IsTrigger = true)]
[Output("firedAt", "string", "When the schedule fired")]
public sealed class ScheduleTrigger : Activity<ScheduleInputs>
{
    public const string TypeName = "trigger.schedule";

    protected override Task<StepResult> RunAsync(StepContext context, ScheduleInputs inputs, CancellationToken cancellationToken) =>
        Task.FromResult(StepResult.Done(new JsonObject { ["firedAt"] = context.Time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) }));

    /// <summary>A schedule node's cron and time zone, as the definition gives them (the validator has checked both parse).</summary>
    public static (CronExpression Cron, TimeZoneInfo Zone) ScheduleOf(ActivityNode node)
    {
        var inputs = ReadDefinition(node);
        return (Parse(inputs.Cron), inputs.TimeZone is { Length: > 0 } zone ? TimeZoneInfo.FindSystemTimeZoneById(zone) : TimeZoneInfo.Utc);
    }

    /// <summary>Cronos' standard five fields, or six with seconds.</summary>
    public static CronExpression Parse(string cron) =>
        CronExpression.Parse(cron, cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
}
