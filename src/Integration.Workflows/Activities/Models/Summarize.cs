namespace Integration.Workflows.Activities.Models;

public sealed record SummarizeInputs(
    [property: Input("The inference service's logical model (e.g. ticket-classifier).")] string Model,
    [property: Input("The text to summarize", Kind = InputKind.Template)] string Text);

[Activity(TypeName, "AI", "Summarize", "Summarizes text.", Outcomes = ["done", "failed"], ReachesOutside = true)]
[Output("summary", "string", "The summary")]
public sealed class Summarize : Activity<SummarizeInputs>
{
    public const string TypeName = "llm.summarize";

    protected override Task<StepResult> RunAsync(StepContext context, SummarizeInputs inputs, CancellationToken cancellationToken) =>
        TextAnswer.AskAsync(context, inputs.Model, inputs.Text, "summary", null, cancellationToken);
}
