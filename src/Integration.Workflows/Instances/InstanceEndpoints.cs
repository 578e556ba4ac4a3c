using Integration.Workflows.Activities.Triggers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.Workflows.Activities;
using Integration.ServiceDefaults.Auth;
using Integration.Workflows.Definitions;
using Integration.Workflows.Runtime;
using Microsoft.AspNetCore.Http.HttpResults;
using Integration.ServiceDefaults.Errors;

namespace Integration.Workflows.Instances;

public static class InstanceEndpoints
{
    public static void MapInstanceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(WorkflowApiRoutes.WorkflowInstances, Start)
            .RequireAuthorization(p => p.RequireRole(Roles.Designer, Roles.Admin, Roles.Service)).WithTags("Instances");
        app.MapGet(WorkflowApiRoutes.WorkflowInstances + "/by-key/{businessKey}", ByKey).WithTags("Instances");
        var instances = app.MapGroup(WorkflowApiRoutes.Instances).WithTags("Instances");
        instances.MapGet("", List);
        instances.MapGet("/{id}", async Task<Results<Ok<InstanceView>, ProblemHttpResult>> (string id, IGrainFactory grains) =>
            InstanceIds.CouldName(id) && await grains.GetGrain<IWorkflowInstanceGrain>(id).GetAsync() is { } instance ? TypedResults.Ok(instance) : NoInstance(id));
        instances.MapPost("/{id}/cancel", (string id, IGrainFactory grains) => Change(grains, id, grain => grain.CancelAsync("cancelled through the API")))
            .RequireAuthorization(p => p.RequireRole(Roles.Designer, Roles.Admin));
        instances.MapPost("/{id}/retry", (string id, IGrainFactory grains) => Change(grains, id, grain => grain.RetryIncidentsAsync()))
            .RequireAuthorization(p => p.RequireRole(Roles.Designer, Roles.Admin));
    }

    /// <summary>A change to an existing instance; 404 for one that does not exist (a grain call would make it up).</summary>
    private static async Task<Results<Ok<InstanceView>, ProblemHttpResult>> Change(IGrainFactory grains, string id, Func<IWorkflowInstanceGrain, Task<InstanceView>> change)
    {
        if (!InstanceIds.CouldName(id))
        {
            return NoInstance(id);
        }

        var grain = grains.GetGrain<IWorkflowInstanceGrain>(id);
        return await grain.GetAsync() is null ? NoInstance(id) : TypedResults.Ok(await change(grain));
    }

    /// <summary>
    /// Instances, newest first, filtered by workflow, version, status, a search in the id and business key, and a start-time
    /// range; a page at a time (<c>limit</c>, at most 200), with the cursor for the next.
    /// </summary>
    private static async Task<Results<Ok<InstancePage>, ValidationProblem>> List(InstanceIndex index, string? workflow, int? version, string? status, string? search,
        DateTimeOffset? from, DateTimeOffset? to, string? cursor, int? limit)
    {
        var errors = new Dictionary<string, string[]>();
        // By name, in any case (waiting, Waiting); never by number.
        var wanted = Enum.GetValues<InstanceStatus>().Cast<InstanceStatus?>().FirstOrDefault(s => string.Equals(s.ToString(), status, StringComparison.OrdinalIgnoreCase));
        if (status is not null && wanted is null)
        {
            errors["status"] = [$"The status is one of {string.Join(", ", Enum.GetNames<InstanceStatus>())}."];
        }

        if (limit is < 1 or > 200)
        {
            errors["limit"] = ["The limit is 1 to 200."];
        }

        QueryRanges.Check(errors, from, to);

        if (!InstanceIndex.IsCursor(cursor))
        {
            errors["cursor"] = ["The cursor is not one this API gave; start again without it."];
        }

        if (search is { Length: > 200 })
        {
            errors["search"] = ["A search is at most 200 characters."];
        }

        return errors.Count > 0
            ? TypedResults.ValidationProblem(errors)
            : TypedResults.Ok(await index.FindAsync(new InstanceQuery(workflow, version, wanted, search, from, to, cursor, limit ?? 50)));
    }

    /// <summary>
    /// The instance a business key names: one started by hand with that key, else the newest one a trigger started about it
    /// (a connector event's subject, e.g. <c>ticket:61</c>; a bare <c>61</c> finds <c>ticket:61</c> too).
    /// </summary>
    private static async Task<Results<Ok<InstanceView>, ProblemHttpResult>> ByKey(string definitionId, string businessKey, IGrainFactory grains, InstanceIndex index)
    {
        if (await grains.GetGrain<IWorkflowInstanceGrain>(InstanceIds.Of(definitionId, businessKey)).GetAsync() is { } started)
        {
            return TypedResults.Ok(started);
        }

        return await index.FindByKeyAsync(definitionId, businessKey) is { } triggered && await grains.GetGrain<IWorkflowInstanceGrain>(triggered).GetAsync() is { } instance
            ? TypedResults.Ok(instance)
            : TypedResults.Problem($"Workflow '{definitionId}' has no instance for business key '{businessKey}'. An instance started by a connector event has the " +
                                   "event's subject as its key (a Zendesk ticket: ticket:61).", statusCode: 404);
    }

    private static ProblemHttpResult NoInstance(string id) => TypedResults.Problem($"There is no instance '{(id.Length > 100 ? id[..100] + "…" : id)}'.", statusCode: 404);

    private static async Task<Results<Created<InstanceView>, ProblemHttpResult, ValidationProblem>> Start(string definitionId, StartRequest request, DefinitionStore definitions,
        IGrainFactory grains, Services.ConnectorClient connectors, CancellationToken cancellationToken)
    {
        if (request.EventId is not null && (request.Event is not null || request.EventId.Length is 0 or > TriggerEventRules.MaxIdLength))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["$.eventId"] = [request.Event is not null ? "Give an event or an event id, not both." : $"An event id is 1 to {TriggerEventRules.MaxIdLength} characters."],
            });
        }

        if (request.EventId is { } eventId)
        {
            try
            {
                request = request with { Event = await connectors.EventAsync(eventId, cancellationToken) };
            }
            catch (Exception e) when (e is Services.ServiceCallException or HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                return TypedResults.Problem($"The event '{eventId}' could not be read from the connector service: {e.Message}",
                    statusCode: e is Services.ServiceCallException { Status: System.Net.HttpStatusCode.NotFound } ? 404 : 503);
            }
        }

        if (request.Event is { } sample && TriggerEventRules.Problems(sample, "$.event") is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(problems);
        }

        PublishedDefinition? published;
        if (request.Version is { } version)
        {
            published = await definitions.DefinitionAsync(definitionId, version) is { } chosen ? new PublishedDefinition(definitionId, version, chosen) : null;
            if (published is null)
            {
                return TypedResults.Problem($"Workflow '{definitionId}' has no version {version}.", statusCode: 404);
            }
        }
        else if ((published = await definitions.PublishedDefinitionAsync(definitionId)) is null)
        {
            return TypedResults.Problem($"Workflow '{definitionId}' has no published version.", statusCode: 404);
        }

        var activities = published.Definition.Activities!;
        var trigger = request.Event is { } triggerEvent
            ? activities.FirstOrDefault(a => ConnectorEventTrigger.EventTypeOf(a) == triggerEvent.Type)
            : activities.FirstOrDefault(a => a.Type == ManualTrigger.TypeName);
        if (trigger is null)
        {
            var listens = activities.Select(ConnectorEventTrigger.EventTypeOf).OfType<string>().ToList();
            return TypedResults.Problem(request.Event is { } unmatched
                ? $"Version {published.Version} of workflow '{definitionId}' has no connector-event trigger for '{unmatched.Type}'" +
                  (listens.Count > 0 ? $"; it listens to {string.Join(", ", listens)}." : "; it starts by hand or on a schedule.")
                : $"Workflow '{definitionId}' cannot be started by hand: it has no trigger.manual." +
                  (listens.Count > 0 ? $" It starts on {string.Join(", ", listens)}: start it with a sample event (\"event\") instead." : ""), statusCode: 409);
        }

        // A business key (e.g. a ticket id) names the instance: starting it twice finds the first. A run with a sample event
        // is a run of its own (the event's own instance, if the trigger started one, is another), known by the event's subject.
        var key = request.BusinessKey is { Length: > 0 } given ? given : request.Event?.Subject is { Length: > 0 } subject ? subject : null;
        var id = request.BusinessKey is { Length: > 0 } ? InstanceIds.Of(definitionId, key!) : $"{definitionId}-{Guid.NewGuid():N}";
        var eventJson = request.Event is { } started ? JsonSerializer.SerializeToNode(started, JsonSerializerOptions.Web)!.AsObject() : null;
        var instance = await grains.GetGrain<IWorkflowInstanceGrain>(id).StartAsync(
            new StartInstance(definitionId, published.Version, trigger.Id!, request.Input ?? [], eventJson, key));
        return TypedResults.Created(WorkflowApiRoutes.Instance(instance.Id), instance);
    }
}
