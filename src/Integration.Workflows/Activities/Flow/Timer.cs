using System.Globalization;
using Integration.Workflows.Runtime;

namespace Integration.Workflows.Activities.Flow;

public sealed record TimerInputs([property: Input("An ISO 8601 instant", Kind = InputKind.Expression)] string Until);

[Activity(TypeName, "Flow", "Timer", "Waits until a point in time.", Waits = true)]
public sealed class Timer : Activity<TimerInputs>
{
    public const string TypeName = "flow.timer";

    protected override Task<StepResult> RunAsync(StepContext context, TimerInputs inputs, CancellationToken cancellationToken) =>
        Task.FromResult<StepResult>(new StepResult.Waiting(BookmarkKind.Timer, DateTimeOffset.Parse(inputs.Until, CultureInfo.InvariantCulture)));
}
