namespace Integration.Workflows.Activities.Models;

public sealed record GenerateInputs(
    [property: Input("The inference service's logical model (e.g. ticket-classifier).")] string Model,
    [property: Input("The prompt, a Liquid template over the instance's variables", Kind = InputKind.Template)] string Prompt,
    [property: Input("Sampling temperature")] double Temperature = 0);

[Activity(TypeName, "AI", "Generate", "Generates text from a Liquid prompt template.", Outcomes = ["done", "failed"], ReachesOutside = true)]
[Output("text", "string", "The generated text")]
[Output("citations", "array", "Knowledge-base references, when the model cites")]
public sealed class Generate : Activity<GenerateInputs>
{
    public const string TypeName = "llm.generate";

    protected override Task<StepResult> RunAsync(StepContext context, GenerateInputs inputs, CancellationToken cancellationToken) =>
        TextAnswer.AskAsync(context, inputs.Model, inputs.Prompt, "text", inputs.Temperature, cancellationToken);
}
