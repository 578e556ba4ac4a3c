using Integration.ServiceDefaults.Auth;

namespace Integration.Connectors.Outbox;

/// <summary>The outbox's most recent trigger events, newest first, and how many wait for the workflow service.</summary>
public sealed record EventListing(long Pending, IReadOnlyList<TriggerEvent> Recent);

public static class EventEndpoints
{
    public static void MapEventEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/v1/events", async (EventOutbox outbox, int? count) =>
        {
            var (recent, pending) = await outbox.RecentAsync(Math.Clamp(count ?? 50, 1, 500));
            return TypedResults.Ok(new EventListing(pending, recent));
        }).RequireAuthorization(p => p.RequireRole(Roles.Integrator, Roles.Admin)).WithTags("Events");
}
