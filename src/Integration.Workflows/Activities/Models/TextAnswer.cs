using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.Workflows.Runtime;
using Integration.Workflows.Services;

namespace Integration.Workflows.Activities.Models;

/// <summary>A step whose model answers free text (a summary, a draft): the output guard reads the answer against what the model was given.</summary>
internal static class TextAnswer
{
    public static async Task<StepResult> AskAsync(StepContext context, string model, string source, string output, double? temperature, CancellationToken cancellationToken)
    {
        var step = new ModelStep(context);
        var (text, guard) = await step.GuardAsync(source, model, cancellationToken);
        var answer = await step.AskAsync(model, text, null, temperature, cancellationToken);
        var verdict = await context.Service<GovernanceClient>().GuardOutputAsync(new OutputGuardRequest(context.Instance.DefinitionId, answer.Text, [text]), cancellationToken);
        if (verdict.Decision == OutputDecision.Fail)
        {
            throw new ActivityFailedException($"The output guard refused the answer of {answer.ServedModel}: " + string.Join("; ", verdict.Findings.Select(f => f.Message)));
        }

        return ModelStep.Completed(new JsonObject
        {
            [output] = answer.Text,
            ["citations"] = JsonSerializer.SerializeToNode(Citations.Of(answer.Text), JsonSerializerOptions.Web),
        }, model, answer, guard);
    }
}
