using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Integration.ServiceDefaults.Auth;
using Integration.Workflows.Definitions;

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

    /// <summary>Each published workflow whose connector-event trigger matches the event type gets one instance per event.</summary>
    private static async Task<IResult> Trigger(TriggerEventRequest trigger, DefinitionStore definitions, IGrainFactory grains)
    {
        if (string.IsNullOrWhiteSpace(trigger.Id) || string.IsNullOrWhiteSpace(trigger.Type))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$.id"] = ["A trigger event has an id and a type."] });
        }

        var started = new List<string>();
        foreach (var summary in await definitions.ListAsync())
        {
            if (await definitions.PublishedAsync(summary.Id) is not { } published)
            {
                continue;
            }

            foreach (var node in published.Definition.Activities!.Where(a => a.Type == "trigger.connectorEvent" &&
                                                                              a.Inputs?.GetValueOrDefault("eventType").GetString() == trigger.Type))
            {
                var id = InstanceId(summary.Id, trigger.Id);
                await grains.GetGrain<IWorkflowInstanceGrain>(id).StartAsync(new StartInstance(summary.Id, published.Version, node.Id!, "{}",
                    JsonSerializer.Serialize(trigger, JsonSerializerOptions.Web)));
                started.Add(id);
            }
        }

        return TypedResults.Ok(new { started });
    }

    /// <summary>The instance a business key or an event id names: the same key always finds the same instance.</summary>
    public static string InstanceId(string definitionId, string key) =>
        $"{definitionId}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)))[..16]}";
}
