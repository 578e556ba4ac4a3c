using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.Workflows.Runtime;
using Integration.Workflows.Services;

namespace Integration.Workflows.Activities.Models;

/// <summary>
/// What every model step does around its model: the governance input guard first (the model sees placeholders, never the
/// personal data; a text too long is cut first), the budgets before it spends and after, and the answer read as the step
/// needs it. Output guards are the text steps' own.
/// </summary>
public sealed class ModelStep(StepContext context)
{
    /// <summary>
    /// The most of a text a model step sends (about 5,000 tokens): a ticket pasted with a whole mail thread or a log is cut at
    /// a word before the guard and the model see it, and the step says so, instead of failing as an incident at the
    /// gateway's limit. Its beginning is kept: that is where a customer says what they want.
    /// </summary>
    public const int MaxModelText = 20_000;

    private GovernanceClient Governance => context.Service<GovernanceClient>();

    private InferenceClient Inference => context.Service<InferenceClient>();

    /// <summary>The text as the model may see it (redacted, maybe cut), with what the guard did.</summary>
    public async Task<(string Text, GuardSummary Guard)> GuardAsync(string text, string model, CancellationToken cancellationToken)
    {
        var (sent, cut) = Cut(text);
        var verdict = await Governance.GuardInputAsync(new InputGuardRequest(context.Instance.DefinitionId, sent, model), cancellationToken);
        if (verdict.Decision == GuardDecision.Deny)
        {
            throw new ActivityFailedException($"The input guard denied the text for {model}: {string.Join("; ", verdict.Reasons)}");
        }

        var redacted = PlaceholderVault.Merge(context.Instance.Placeholders, verdict.Text ?? "", verdict.Placeholders);
        return (redacted, new GuardSummary(verdict.Decision, verdict.DataClass, verdict.Placeholders.Count, verdict.Policy, cut));
    }

    /// <summary>
    /// A model call within the workflow's budgets: refused before it spends when today's tokens or cost are used up (the step
    /// fails, and its retries end as an incident to retry once the budget resets), counted after it answered (past a limit
    /// too: the tokens are spent; the next step is the one refused).
    /// </summary>
    public async Task<ModelAnswer> AskAsync(string model, string text, JsonElement? schema, double? temperature, CancellationToken cancellationToken)
    {
        var workflow = context.Instance.DefinitionId;
        var budget = await Governance.ConsumeBudgetAsync(new BudgetConsumeRequest(workflow, null, 0, 0), cancellationToken);
        if (!budget.Allowed)
        {
            throw new ActivityFailedException($"The budget {budget.ExceededBudget} of policy {budget.Policy} is used up for today; it resets at {budget.ResetsAt:u}.");
        }

        var answer = await Inference.AskAsync(model, text, schema, temperature, routingKey: context.Instance.Id, cancellationToken);
        await Governance.ConsumeBudgetAsync(new BudgetConsumeRequest(workflow, null, answer.InputTokens + answer.OutputTokens, answer.Cost ?? 0, Spent: true), cancellationToken);
        return answer;
    }

    /// <summary>The step's outputs as later steps read them (the answer, and the call's bookkeeping as before), and the call typed.</summary>
    public static StepResult Completed(JsonObject answer, string requested, ModelAnswer call, GuardSummary guard)
    {
        var typed = new ModelCall(requested, call.ServedModel, call.Revision, call.InputTokens, call.OutputTokens, call.Cost, guard);
        answer["model"] = call.ServedModel;
        answer["revision"] = call.Revision;
        answer["cost"] = call.Cost;
        answer["tokens"] = new JsonObject { ["in"] = call.InputTokens, ["out"] = call.OutputTokens };
        answer["guard"] = JsonSerializer.SerializeToNode(guard, JsonSerializerOptions.Web);
        return new StepResult.Completed(answer, "done", typed);
    }

    /// <summary>A model's answer read as JSON of the shape the step needs; anything else fails the step with what came.</summary>
    public static T Json<T>(ModelAnswer answer, string expected)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(answer.Text, JsonSerializerOptions.Web) ?? throw new JsonException("null");
        }
        catch (JsonException)
        {
            throw new ActivityFailedException($"{answer.ServedModel} did not answer {expected}: {answer.Text[..Math.Min(answer.Text.Length, 200)]}");
        }
    }

    /// <summary>The text as a model step sends it: whole, or its beginning up to <see cref="MaxModelText"/>, ended at a word, with an ellipsis.</summary>
    public static (string Text, TextCut? Cut) Cut(string text)
    {
        if (text.Length <= MaxModelText)
        {
            return (text, null);
        }

        var end = text.LastIndexOfAny([' ', '\n', '\t'], MaxModelText - 2);
        var kept = (end > MaxModelText / 2 ? text[..end] : text[..(MaxModelText - 1)]).TrimEnd();
        if (char.IsHighSurrogate(kept[^1]))
        {
            kept = kept[..^1]; // never half a character
        }

        return (kept + "…", new TextCut(text.Length, kept.Length));
    }
}

/// <summary>A step that reached outside and failed in a way its own message says (a guard's refusal, a spent budget, an answer of the wrong shape).</summary>
public sealed class ActivityFailedException(string message) : Exception(message);
