using System.Xml;
using Integration.Workflows.Runtime;

namespace Integration.Workflows.Activities.Flow;

public sealed record DelayInputs([property: Input("ISO 8601 duration, e.g. PT15M")] string Duration);

[Activity(TypeName, "Flow", "Delay", "Waits for a duration.", Waits = true)]
public sealed class Delay : Activity<DelayInputs>
{
    public const string TypeName = "flow.delay";

    protected override Task<StepResult> RunAsync(StepContext context, DelayInputs inputs, CancellationToken cancellationToken) =>
        Task.FromResult<StepResult>(new StepResult.Waiting(BookmarkKind.Delay, context.Time.GetUtcNow() + XmlConvert.ToTimeSpan(inputs.Duration)));
}
