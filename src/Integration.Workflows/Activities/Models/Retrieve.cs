using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.Workflows.Services;

namespace Integration.Workflows.Activities.Models;

public sealed record RetrieveInputs(
    [property: Input("Knowledge-base collection", Default = "\"support\"")] string Collection,
    [property: Input("What to look for", Kind = InputKind.Template)] string Query,
    [property: Input("How many passages")] int Top = 5);

[Activity(TypeName, "AI", "Retrieve", "Finds knowledge-base passages with scores and citations.", Outcomes = ["done", "failed"], ReachesOutside = true)]
[Output("passages", "array", "Passages with reference, title, text, score")]
public sealed class Retrieve : Activity<RetrieveInputs>
{
    public const string TypeName = "llm.retrieve";

    /// <summary>The model that reads the query (the knowledge base's own embedder): no tokens are metered for it.</summary>
    private const string Embedder = "kb-embedder";

    /// <summary>The query passes the input guard like any text bound for a model (the embedder reads it).</summary>
    protected override async Task<StepResult> RunAsync(StepContext context, RetrieveInputs inputs, CancellationToken cancellationToken)
    {
        var (query, guard) = await new ModelStep(context).GuardAsync(inputs.Query, Embedder, cancellationToken);
        var found = await context.Service<InferenceClient>().RetrieveAsync(inputs.Collection, new RetrieveRequest(query, inputs.Top), cancellationToken);
        return new StepResult.Completed(new JsonObject
        {
            ["passages"] = JsonSerializer.SerializeToNode(found.Passages, JsonSerializerOptions.Web),
            ["guard"] = JsonSerializer.SerializeToNode(guard, JsonSerializerOptions.Web),
        }, "done", new ModelCall(Embedder, null, null, 0, 0, null, guard));
    }
}
