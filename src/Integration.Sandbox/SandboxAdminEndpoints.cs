using Integration.Sandbox.Faults;
using Integration.Sandbox.Salesforce;
using Integration.Sandbox.Seeding;
using Integration.Sandbox.Zendesk;
using Integration.ServiceDefaults.Auth;

namespace Integration.Sandbox;

public sealed record GenerateRequest(int Count);

/// <summary>Operator controls of the stand-ins (suite token, admin or integrator): faults, bulk data, ending Salesforce sessions.</summary>
public static class SandboxAdminEndpoints
{
    public static void MapSandboxAdminEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapFaultEndpoints();
        var admin = app.MapGroup("/sandbox").RequireAuthorization(p => p.RequireRole(Roles.Admin, Roles.Integrator)).WithTags("Sandbox admin");
        admin.MapPost("/zendesk/tickets/generate", async Task<IResult> (GenerateRequest request, ZendeskData zendesk) =>
            request.Count is < 1 or > 100_000
                ? TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["$.count"] = ["count is between 1 and 100000."] })
                : TypedResults.Ok(new { total = await zendesk.GenerateAsync(request.Count, new Synthetic(Random.Shared.Next())) }));
        admin.MapPost("/salesforce/sessions/expire", async (SalesforceSessions sessions) => TypedResults.Ok(new { expired = await sessions.ExpireAllAsync() }));
    }
}
