using System.Security.Claims;
using Integration.Workflows.Activities;
using Integration.ServiceDefaults.Auth;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Integration.Workflows.Definitions;

public static class DefinitionEndpoints
{
    public static void MapDefinitionEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(WorkflowApiRoutes.Activities, (ActivityCatalog catalog) => TypedResults.Ok(catalog.All)).WithTags("Activities");
        app.MapGet(WorkflowApiRoutes.Activities + "/{type}", IResult (string type, ActivityCatalog catalog) => catalog.Find(type) is { } found
            ? TypedResults.Ok(found)
            : TypedResults.Problem($"There is no activity type '{type}'.", statusCode: 404)).WithTags("Activities");

        var definitions = app.MapGroup(WorkflowApiRoutes.Definitions).WithTags("Definitions");
        definitions.MapGet("/schema", () => TypedResults.Content(DefinitionSchema.Json, "application/schema+json"));
        // The same answer as a save, without saving: 400 with every error at its path, or 200 when the definition is valid.
        definitions.MapPost("/validate", Results<Ok<ValidationReport>, ValidationProblem> (WorkflowDefinition definition, ActivityCatalog catalog) =>
            DefinitionValidator.Validate(definition, catalog) is { Count: > 0 } errors
                ? Invalid(errors, "The workflow definition is not valid.")
                : TypedResults.Ok(new ValidationReport(true, [])));
        definitions.MapGet("", async (DefinitionStore store) => TypedResults.Ok(await store.ListAsync()));
        definitions.MapGet("/{id}", async Task<IResult> (string id, DefinitionStore store) =>
            await store.LatestAsync(id) is { } latest
                ? TypedResults.Ok(new { id, latest, published = await store.PublishedAsync(id) })
                : TypedResults.Problem($"There is no workflow definition '{id}'.", statusCode: 404));
        definitions.MapGet("/{id}/versions", async (string id, DefinitionStore store) => TypedResults.Ok(await store.VersionsAsync(id)));
        definitions.MapGet("/{id}/versions/{version:int}", async Task<IResult> (string id, int version, DefinitionStore store) =>
            await store.VersionAsync(id, version) is { } found ? TypedResults.Ok(found) : TypedResults.Problem($"'{id}' has no version {version}.", statusCode: 404));
        definitions.MapPut("/{id}", Save).RequireAuthorization(p => p.RequireRole(Roles.Designer, Roles.Admin));
        definitions.MapPost("/{id}/versions/{version:int}/publish", async Task<IResult> (string id, int version, ClaimsPrincipal user, DefinitionStore store) =>
            await store.PublishAsync(id, version, user.FindFirstValue("sub") ?? "unknown") is { } published
                ? TypedResults.Ok(published)
                : TypedResults.Problem($"'{id}' has no version {version}.", statusCode: 404))
            .RequireAuthorization(p => p.RequireRole(Roles.Designer, Roles.Admin));
        // Retiring a workflow: no trigger, schedule or manual start finds it any more; instances running finish on their version.
        definitions.MapPost("/{id}/unpublish", async Task<IResult> (string id, DefinitionStore store) =>
            await store.LatestAsync(id) is null
                ? TypedResults.Problem($"There is no workflow definition '{id}'.", statusCode: 404)
                : await store.UnpublishAsync(id) is { } was
                    ? TypedResults.Ok(new Unpublished(id, was))
                    : TypedResults.Problem($"'{id}' has no published version: nothing to unpublish.", statusCode: 409))
            .RequireAuthorization(p => p.RequireRole(Roles.Designer, Roles.Admin));
    }

    private static ValidationProblem Invalid(IEnumerable<ValidationError> errors, string title) =>
        TypedResults.ValidationProblem(errors.GroupBy(e => e.Path).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()), title: title);

    private static async Task<IResult> Save(string id, WorkflowDefinition definition, ClaimsPrincipal user, DefinitionStore store, ActivityCatalog catalog)
    {
        definition = definition with { Id = definition.Id ?? id };
        var errors = DefinitionValidator.Validate(definition, catalog).ToList();
        if (definition.Id != id)
        {
            errors.Add(new ValidationError("$.id", $"The body's id '{definition.Id}' is not the path's '{id}'."));
        }

        if (errors.Count > 0)
        {
            return Invalid(errors, "The workflow definition is not valid; nothing was saved.");
        }

        var stored = await store.SaveDraftAsync(definition, user.FindFirstValue("sub") ?? "unknown");
        return TypedResults.Ok(stored);
    }
}
