using Integration.Inference.Gateway;
using Integration.ServiceDefaults.Auth;

namespace Integration.Inference.Registry;

public sealed record ModelView(
    string Name, string Task, string Backend, string BackendModel, string Version, string Description, int ContextLength,
    decimal CostPer1kInput, decimal CostPer1kOutput, IReadOnlyList<string> Fallback, IReadOnlyList<SplitVariant> Split,
    IReadOnlyDictionary<string, string> Parameters)
{
    public static ModelView Of(ModelDefinition m) => new(m.Name, m.Task.ToString().ToLowerInvariant(), m.Backend, m.BackendModel, m.Version,
        ModelCards.Description(m), m.ContextLength, m.CostPer1kInput, m.CostPer1kOutput, m.Fallback, m.Split, m.Parameters);
}

public static class RegistryEndpoints
{
    public static void MapRegistryEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/registry/models", (ModelRegistry registry) =>
            TypedResults.Ok(registry.All.OrderBy(m => m.Name, StringComparer.Ordinal).Select(ModelView.Of))).WithTags("Models");
        app.MapGet("/v1/registry/models/{name}", IResult (string name, ModelRegistry registry) => registry.Find(name) is { } model
            ? TypedResults.Ok(ModelView.Of(model))
            : TypedResults.Problem($"Model '{name}' is not in the registry.", statusCode: 404)).WithTags("Models");
        // Costs per caller: for the people who answer for them (admins, process owners), not every signed-in caller.
        app.MapGet("/v1/metering", async (Metering metering) => TypedResults.Ok(await metering.ReadAsync())).WithTags("Metering")
            .RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Designer));
    }
}
