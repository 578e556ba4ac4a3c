using Integration.ServiceDefaults.Schemas;
using System.Security.Claims;
using System.Text.Json;
using Integration.Governance.Audit;
using Integration.Governance.Pii;
using Integration.Governance.Policies;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Integration.Governance.Guards;

public static class OutputGuardEndpoints
{
    /// <summary>POST /v1/guard/output (roles service and admin), after the model: what in its answer must not go further.</summary>
    public static void MapOutputGuardEndpoints(this WebApplication app) =>
        // Admins may try the guard on an answer of their own (the audit names who asked); services call it after every model step.
        app.MapPost(GovernanceRoutes.OutputGuard, GuardAsync).RequireAuthorization(p => p.RequireRole(Roles.Service, Roles.Admin)).WithTags("Guards");

    private static async Task<Results<Ok<OutputGuardResponse>, ValidationProblem, ProblemHttpResult>> GuardAsync(
        OutputGuardRequest request, PiiDetector detector, PolicyStore policies, AuditLog audit, ClaimsPrincipal caller, IOptions<GovernanceOptions> options)
    {
        var errors = new Dictionary<string, string[]>();
        RequestNames.Check(errors, "$.workflow", request.Workflow, "Give the workflow the step belongs to.");

        if (request.Text is null)
        {
            errors["$.text"] = ["Give the model's answer."];
        }

        if (request.MaxLength is <= 0)
        {
            errors["$.maxLength"] = ["maxLength is above 0."];
        }

        NJsonSchema.JsonSchema? schema = null;
        if (request.Schema is { ValueKind: not JsonValueKind.Null } requested && SchemaReferences.Problem(requested) is { } references)
        {
            errors["$.schema"] = [$"The schema is not usable: {references}."];
        }
        else if (request.Schema is { ValueKind: not JsonValueKind.Null } schemaJson)
        {
            try
            {
                schema = await NJsonSchema.JsonSchema.FromJsonAsync(schemaJson.GetRawText());
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The schema is the caller's input: whatever stops it loading makes it invalid input, not a 500.
                errors["$.schema"] = ["The schema is not a valid JSON Schema."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var text = request.Text!;
        var total = text.Length + (request.Sources?.Sum(s => s.Length) ?? 0);
        if (options.Value.RefuseIfTooLong(total, "The answer with its sources") is { } tooLong)
        {
            return tooLong;
        }

        var policy = PolicyResolver.Choose(await policies.PublishedAsync(), request.Workflow);
        var output = policy?.Document.Output ?? new OutputPolicy([], null, null);
        var sources = request.Sources ?? [];
        List<OutputFinding> findings =
        [
            .. OutputChecks.PiiLeaks(text, sources, detector, policy?.Document.Recognizers),
            .. OutputChecks.UnsupportedIdentifiers(text, sources),
            .. OutputChecks.BannedPhrases(text, output),
            .. OutputChecks.ForbiddenCommitments(text, output),
            .. OutputChecks.Length(text, request.MaxLength ?? output.MaxLength),
            .. SchemaFindings(schema, text),
        ];
        findings.Sort((a, b) => a.Start.CompareTo(b.Start));

        var decision = findings.Any(f => f.Severity == Severity.High) ? OutputDecision.Fail : OutputDecision.Pass;
        var version = policy?.Label;
        await audit.AppendAsync(AuditEvents.By(caller, "guard.output",
            decision.WireName(),
            policyVersion: version,
            findings: findings.GroupBy(f => f.Type).ToDictionary(g => g.Key, g => g.Count()),
            subject: request.Workflow));
        return TypedResults.Ok(new OutputGuardResponse(decision, findings, version));
    }


    private static IEnumerable<OutputFinding> SchemaFindings(NJsonSchema.JsonSchema? schema, string text)
    {
        if (schema is null)
        {
            return [];
        }

        try
        {
            return schema.Validate(text).Select(e => new OutputFinding("schema", Severity.High, -1, 0,
                $"{Integration.ServiceDefaults.Schemas.SchemaErrors.PathOf(e)}: {Integration.ServiceDefaults.Schemas.SchemaErrors.Describe(e)}"));
        }
        catch (Newtonsoft.Json.JsonException)
        {
            return [new OutputFinding("schema", Severity.High, -1, 0, "The answer is not JSON, but the step asks for JSON that fits a schema.")];
        }
    }
}
