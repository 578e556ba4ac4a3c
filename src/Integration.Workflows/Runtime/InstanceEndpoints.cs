using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Auth;
using Integration.Workflows.Definitions;
using Integration.Workflows.Triggers;

namespace Integration.Workflows.Runtime;

public sealed record StartRequest(JsonObject? Input, string? BusinessKey);

/// <summary>A trigger event from the connector service (CloudEvents' attribute names).</summary>
public sealed record TriggerEventRequest(string? Id, string? Source, string? Type, string? Subject, DateTimeOffset? Time, JsonNode? Data);

public static class InstanceEndpoints
{
    public static void MapInstanceEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/workflows/{definitionId}/instances", Start)
            .RequireAuthorization(p => p.RequireRole(Roles.Designer, Roles.Admin, Roles.Service)).WithTags("Instances");
        app.MapPost("/v1/triggers/events", Trigger).RequireAuthorization(p => p.RequireRole(Roles.Service)).WithTags("Instances");
        app.MapGet("/v1/workflows/{definitionId}/instances/by-key/{businessKey}", async Task<IResult> (string definitionId, string businessKey, IGrainFactory grains) =>
            await grains.GetGrain<IWorkflowInstanceGrain>(InstanceId(definitionId, businessKey)).GetAsync() is { } json
                ? TypedResults.Content(json, "application/json")
                : TypedResults.Problem($"Workflow '{definitionId}' has no instance for business key '{businessKey}'.", statusCode: 404)).WithTags("Instances");
        var instances = app.MapGroup("/v1/instances").WithTags("Instances");
        instances.MapGet("/{id}", async Task<IResult> (string id, IGrainFactory grains) =>
            await grains.GetGrain<IWorkflowInstanceGrain>(id).GetAsync() is { } json
                ? TypedResults.Content(json, "application/json")
                : TypedResults.Problem($"There is no instance '{id}'.", statusCode: 404));
        instances.MapPost("/{id}/cancel", async (string id, IGrainFactory grains) =>
            TypedResults.Content(await grains.GetGrain<IWorkflowInstanceGrain>(id).CancelAsync("cancelled through the API"), "application/json"))
            .RequireAuthorization(p => p.RequireRole(Roles.Designer, Roles.Admin));
        instances.MapPost("/{id}/retry", async (string id, IGrainFactory grains) =>
            TypedResults.Content(await grains.GetGrain<IWorkflowInstanceGrain>(id).RetryIncidentsAsync(), "application/json"))
            .RequireAuthorization(p => p.RequireRole(Roles.Designer, Roles.Admin));
    }

    private static async Task<IResult> Start(string definitionId, StartRequest request, DefinitionStore definitions, IGrainFactory grains)
    {
        if (await definitions.PublishedAsync(definitionId) is not { } published)
        {
            return TypedResults.Problem($"Workflow '{definitionId}' has no published version.", statusCode: 404);
        }

        var trigger = published.Definition.Activities!.FirstOrDefault(a => a.Type == "trigger.manual");
        if (trigger is null)
        {
            return TypedResults.Problem($"Workflow '{definitionId}' cannot be started by hand: it has no trigger.manual.", statusCode: 409);
        }

        // A business key (e.g. a ticket id) names the instance: starting it twice finds the first.
        var id = request.BusinessKey is { Length: > 0 } key ? InstanceId(definitionId, key) : $"{definitionId}-{Guid.NewGuid():N}";
        var json = await grains.GetGrain<IWorkflowInstanceGrain>(id).StartAsync(
            new StartInstance(definitionId, published.Version, trigger.Id!, (request.Input ?? []).ToJsonString(), null));
        return TypedResults.Content(json, "application/json", statusCode: 201);
    }

    /// <summary>
    /// Each published workflow whose connector-event trigger matches the event type gets one instance per event. The
    /// event is accepted durably (<see cref="TriggerQueue"/>) and answered at once with the instances it will start;
    /// the instances run after, so that the sender never waits for a workflow.
    /// </summary>
    private static async Task<IResult> Trigger(TriggerEventRequest trigger, DefinitionStore definitions, TriggerQueue queue)
    {
        if (TriggerProblems(trigger) is { Count: > 0 } problems)
        {
            return TypedResults.ValidationProblem(problems);
        }

        var starts = new List<MatchedStart>();
        foreach (var summary in await definitions.ListAsync())
        {
            if (await definitions.PublishedAsync(summary.Id) is not { } published)
            {
                continue;
            }

            starts.AddRange(published.Definition.Activities!
                .Where(a => a.Type == "trigger.connectorEvent" && a.Inputs?.GetValueOrDefault("eventType").GetString() == trigger.Type)
                .Select(node => new MatchedStart(InstanceId(summary.Id, trigger.Id!), summary.Id, published.Version, node.Id!)));
        }

        if (starts.Count > 0)
        {
            await queue.AddAsync(new AcceptedTrigger(trigger.Id!, JsonSerializer.Serialize(trigger, JsonSerializerOptions.Web), starts));
        }

        return TypedResults.Accepted((string?)null, new { started = starts.Select(s => s.InstanceId).Distinct() });
    }

    /// <summary>Each attribute present where needed and of a sensible length (an event id names an instance; a subject is a reference, not content).</summary>
    private static Dictionary<string, string[]> TriggerProblems(TriggerEventRequest trigger)
    {
        var problems = new Dictionary<string, string[]>();
        foreach (var (path, value, required, limit) in new[]
                 {
                     ("$.id", trigger.Id, true, 200), ("$.type", trigger.Type, true, 200), ("$.source", trigger.Source, false, 200), ("$.subject", trigger.Subject, false, 1000),
                 })
        {
            if (required && string.IsNullOrWhiteSpace(value))
            {
                problems[path] = [$"A trigger event has {path[2..]}."];
            }
            else if (value?.Length > limit)
            {
                problems[path] = [$"{path[2..]} is at most {limit} characters."];
            }
        }

        return problems;
    }

    /// <summary>The instance a business key or an event id names: the same key always finds the same instance.</summary>
    public static string InstanceId(string definitionId, string key) =>
        $"{definitionId}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16]}";
}
