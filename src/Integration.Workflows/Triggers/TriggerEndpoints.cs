using Integration.Workflows.Activities.Triggers;
using System.Text.Json;
using Integration.Workflows.Activities;
using Integration.ServiceDefaults.Auth;
using Integration.Workflows.Definitions;
using Integration.Workflows.Instances;

namespace Integration.Workflows.Triggers;

/// <summary>Trigger events from the connector service: the intake of connector-event triggers.</summary>
public static class TriggerEndpoints
{
    public static void MapTriggerEndpoints(this IEndpointRouteBuilder app) =>
        app.MapPost(WorkflowRoutes.TriggerEvents, Trigger).RequireAuthorization(p => p.RequireRole(Roles.Service)).WithTags("Triggers");

    /// <summary>
    /// Each published workflow whose connector-event trigger matches the event type gets one instance per event. The
    /// event is accepted durably (<see cref="TriggerQueue"/>) and answered at once with the instances it will start;
    /// the instances run after, so that the sender never waits for a workflow.
    /// </summary>
    private static async Task<IResult> Trigger(TriggerEvent trigger, DefinitionStore definitions, TriggerQueue queue)
    {
        if (TriggerEventRules.Problems(trigger) is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var starts = new List<MatchedStart>();
        foreach (var published in await definitions.PublishedDefinitionsAsync())
        {
            starts.AddRange(published.Definition.Activities!
                .Where(a => ConnectorEventTrigger.EventTypeOf(a) == trigger.Type)
                .Select(node => new MatchedStart(InstanceIds.Of(published.Id, trigger.Id), published.Id, published.Version, node.Id!)));
        }

        if (starts.Count > 0)
        {
            await queue.AddAsync(new AcceptedTrigger(trigger.Id, JsonSerializer.Serialize(trigger, JsonSerializerOptions.Web), starts));
        }

        return TypedResults.Accepted((string?)null, new TriggerAccepted([.. starts.Select(s => s.InstanceId).Distinct()]));
    }
}
